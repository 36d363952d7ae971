// Forms and filters of the staff-account pages (/admin/users*, /admin/invitations,
// /admin/audit, /staff-invitation/$token), shared by each form and its action or loader.
// Messages are i18n keys (app/locales/areas/staff.ts). No server code here: the forms import it.
import { z } from "zod";
import type { Role } from "~/generated/prisma/enums.ts";
import { LOCALES } from "~/utils/i18n.ts";

/** The roles an invitation or a role change may give: staff only, never "applicant". */
export const STAFF_ROLES = ["EVALUATOR", "GRANT_MANAGER", "ADMIN"] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];
export const ALL_ROLES = ["APPLICANT", ...STAFF_ROLES] as const satisfies readonly Role[];

export const ACCOUNT_STATUSES = ["active", "disabled"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const PASSWORD_MIN_LENGTH = 10;

/** An empty form field or query parameter means "not given". */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const pageNumber = z.preprocess(blankToUndefined, z.coerce.number({ error: "staff.errors.pageInvalid" }).int("staff.errors.pageInvalid").min(1, "staff.errors.pageInvalid").max(100_000, "staff.errors.pageInvalid").default(1));

const emailAddress = z
  .string({ error: "staff.errors.emailRequired" })
  .trim()
  .toLowerCase()
  .min(1, "staff.errors.emailRequired")
  .max(254, "staff.errors.emailTooLong")
  .email("staff.errors.emailInvalid");

const staffRole = z.enum(STAFF_ROLES, { error: "staff.errors.roleRequired" });
const language = z.enum(LOCALES, { error: "staff.errors.languageRequired" });

// ---------------------------------------------------------------- admin forms

export const InviteStaffSchema = z.object({
  email: emailAddress,
  role: staffRole,
  locale: language,
});
export type InviteStaffInput = z.infer<typeof InviteStaffSchema>;

/** The forms of /admin/users/$userId, told apart by the button's `intent`. */
export const UserActionSchema = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("role"), role: staffRole }), z.object({ intent: z.literal("disable") }), z.object({ intent: z.literal("enable") })],
  { error: "staff.errors.intentInvalid" },
);
export type UserActionInput = z.infer<typeof UserActionSchema>;

export const RevokeInvitationSchema = z.object({
  invitationId: z.string({ error: "staff.errors.invitationRequired" }).trim().min(1, "staff.errors.invitationRequired").max(64, "staff.errors.invitationRequired"),
});

// ---------------------------------------------------------------- the invitee's form

export const AcceptInvitationSchema = z
  .object({
    name: z.string({ error: "staff.errors.nameRequired" }).trim().min(1, "staff.errors.nameRequired").max(200, "staff.errors.nameTooLong"),
    password: z.string({ error: "staff.errors.passwordTooShort" }).min(PASSWORD_MIN_LENGTH, "staff.errors.passwordTooShort").max(200, "staff.errors.passwordTooLong"),
    passwordConfirm: z.string({ error: "staff.errors.passwordConfirmRequired" }).min(1, "staff.errors.passwordConfirmRequired"),
    locale: language,
  })
  .refine((d) => d.passwordConfirm === "" || d.password === d.passwordConfirm, {
    path: ["passwordConfirm"],
    message: "staff.errors.passwordMismatch",
    // Also when other fields are wrong: every problem is shown after one submit.
    when: ({ value }) => {
      const v = value as { password?: unknown; passwordConfirm?: unknown };
      return typeof v.password === "string" && typeof v.passwordConfirm === "string";
    },
  });
export type AcceptInvitationInput = z.infer<typeof AcceptInvitationSchema>;

// ---------------------------------------------------------------- list filters (query strings)

export const UserListQuerySchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(200, "staff.errors.searchTooLong").optional()),
  role: z.preprocess(blankToUndefined, z.enum(ALL_ROLES, { error: "staff.errors.roleFilterInvalid" }).optional()),
  status: z.preprocess(blankToUndefined, z.enum(ACCOUNT_STATUSES, { error: "staff.errors.statusFilterInvalid" }).optional()),
  page: pageNumber,
});
export type UserListQuery = z.infer<typeof UserListQuerySchema>;

export const PageQuerySchema = z.object({ page: pageNumber });

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day written YYYY-MM-DD (what <input type="date"> sends). */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const code = z.preprocess(blankToUndefined, z.string().trim().max(64, "staff.errors.codeInvalid").regex(/^[A-Za-z0-9_.-]+$/, "staff.errors.codeInvalid").optional());
const day = z.preprocess(blankToUndefined, z.string().trim().refine(isIsoDate, "staff.errors.dateInvalid").optional());

export const AuditQuerySchema = z
  .object({
    action: code,
    entityType: code,
    record: z.preprocess(blankToUndefined, z.string().trim().max(254, "staff.errors.recordInvalid").regex(/^[A-Za-z0-9_.@+-]+$/, "staff.errors.recordInvalid").optional()),
    actor: z.preprocess(blankToUndefined, z.string().trim().toLowerCase().max(254, "staff.errors.actorTooLong").optional()),
    from: day,
    to: day,
    page: pageNumber,
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "staff.errors.dateRange" });
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** A query string as FormData, so list filters parse with `parseWith` like any form. */
export function queryAsForm(url: string | URL): FormData {
  const form = new FormData();
  new URL(url).searchParams.forEach((value, key) => form.append(key, value));
  return form;
}
