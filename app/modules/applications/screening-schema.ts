// The forms of the screening pages, shared by the pages (field names) and their actions
// (parsing). Messages are keys of the screening area (app/locales/areas/screening.ts).
import { z } from "zod";
import { APPLICATION_STATES } from "#workflows/application.machine.ts";

export const SCREENING_PAGE_SIZE = 25;
export const BULK_MAX = 200;
export const REASON_MAX = 2000;
export const NOTE_MAX = 4000;

export const CHECK_ANSWERS = ["yes", "no", "n/a"] as const;
export type CheckAnswer = (typeof CHECK_ANSWERS)[number];
export const DECISIONS = ["pass", "fail"] as const;
export type Decision = (typeof DECISIONS)[number];

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The list's filters, read from the query string. */
export const ScreeningFiltersSchema = z.object({
  state: z.preprocess(blankToUndefined, z.enum(APPLICATION_STATES, { message: "screening.error.badState" }).optional()),
  typeCode: z.preprocess(blankToUndefined, z.string().trim().regex(/^[A-Z_]{1,40}$/, "screening.error.badType").optional()),
  countryCode: z.preprocess(blankToUndefined, z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "screening.error.badCountry").optional()),
  q: z.preprocess(blankToUndefined, z.string().trim().max(200, "screening.error.searchTooLong").optional()),
  page: z.preprocess(blankToUndefined, z.coerce.number({ message: "screening.error.badPage" }).int("screening.error.badPage").min(1, "screening.error.badPage").max(100_000, "screening.error.badPage").default(1)),
});
export type ScreeningFilters = z.infer<typeof ScreeningFiltersSchema>;

const version = z.coerce.number({ message: "screening.error.badVersion" }).int("screening.error.badVersion").min(0, "screening.error.badVersion");
const reason = z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(REASON_MAX, "screening.error.reasonTooLong"));

function requireReasonOnFail(v: { decision: Decision; reason: string }, ctx: z.RefinementCtx) {
  if (v.decision === "fail" && v.reason === "") ctx.addIssue({ code: "custom", path: ["reason"], message: "screening.error.reasonRequired" });
}

/** Pass or fail one proposal (the detail page). */
export const DecisionSchema = z
  .object({
    intent: z.literal("decide"),
    decision: z.enum(DECISIONS, { message: "screening.error.badDecision" }),
    version,
    reason,
  })
  .superRefine(requireReasonOnFail);

/** One selected row of the list: "proposalId:version", so a row changed since it was shown is caught. */
const selection = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}:\d{1,9}$/, "screening.error.badSelection")
  .transform((s) => {
    const [id = "", v = "0"] = s.split(":");
    return { id, expectedVersion: Number(v) };
  });

/** The bulk bar: "review" shows the confirmation, "confirm" applies. */
export const BulkSchema = z
  .object({
    intent: z.enum(["review", "confirm"], { message: "errors.badForm" }),
    decision: z.enum(DECISIONS, { message: "screening.error.badDecision" }),
    reason,
    "ids[]": z.array(selection, { message: "screening.error.noneSelected" }).min(1, "screening.error.noneSelected").max(BULK_MAX, "screening.error.tooMany"),
  })
  .superRefine(requireReasonOnFail)
  .transform(({ "ids[]": ids, ...rest }) => ({ ...rest, selections: ids }));
export type BulkInput = z.infer<typeof BulkSchema>;

/** The field name of a checklist item's answer. */
export const itemField = (code: string) => `item.${code}`;

/** The checklist form: one answer per item (`item.<code>`, blank = not answered) and a note. */
export const ChecklistSchema = z
  .looseObject({
    intent: z.literal("checklist"),
    version,
    note: z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(NOTE_MAX, "screening.error.noteTooLong")),
  })
  .transform((v, ctx) => {
    const answers: Record<string, CheckAnswer> = {};
    for (const [key, value] of Object.entries(v)) {
      if (!key.startsWith("item.")) continue;
      if (value === undefined || value === "") continue;
      const parsed = z.enum(CHECK_ANSWERS).safeParse(value);
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", path: [key], message: "screening.error.badAnswer" });
        continue;
      }
      answers[key.slice("item.".length)] = parsed.data;
    }
    return { version: v.version, note: v.note, answers };
  });
export type ChecklistInput = z.infer<typeof ChecklistSchema>;
