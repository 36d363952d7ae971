// Form schemas shared by the registration and organisation forms and their actions. Every
// message is an i18n key (app/locales/areas/registration.ts and organisation.ts).
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
export const FIRST_YEAR_FOUNDED = 1800;
/** The largest organisation document accepted, in bytes (10 MB). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const DOCUMENT_KINDS = ["statutes", "registration_certificate"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
/** The applicant type whose organisations name the countries of origin they work with. */
export const DIASPORA_TYPE = "DIASPORA";
/** The form field of the diaspora countries of origin (several values: the `[]` suffix). */
export const ORIGIN_FIELD = "originCountryCodes[]";

const email = z
  .string({ error: "errors.emailRequired" })
  .trim()
  .toLowerCase()
  .min(1, { error: "errors.emailRequired", abort: true })
  .max(254, { error: "errors.emailInvalid", abort: true })
  .email("errors.emailInvalid");

/** "", missing or blank → null; anything else trimmed. */
const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((v) => (v ? v : null));

/** A same-site path to continue to after the email is confirmed (an invitation); "" when none. */
const nextPath = z
  .string()
  .max(500)
  .optional()
  .transform((v) => (v && v.startsWith("/") && !v.startsWith("//") && !v.startsWith("/\\") ? v : ""));

export const SignUpSchema = z.object({
  name: z.string({ error: "registration.errors.nameRequired" }).trim().min(1, "registration.errors.nameRequired").max(120, "registration.errors.nameTooLong"),
  email,
  password: z
    .string({ error: "registration.errors.passwordRequired" })
    .min(1, { error: "registration.errors.passwordRequired", abort: true })
    .min(PASSWORD_MIN_LENGTH, "registration.errors.passwordTooShort")
    .max(PASSWORD_MAX_LENGTH, "registration.errors.passwordTooLong"),
  locale: z.enum(["en", "fr"], { error: "registration.errors.localeRequired" }),
  redirectTo: nextPath,
});
export type SignUpInput = z.infer<typeof SignUpSchema>;

export const ResendVerificationSchema = z.object({ email });

export const VerifyEmailSchema = z.object({
  token: z.string({ error: "registration.verify.invalidBody" }).min(1, "registration.verify.invalidBody").max(200, "registration.verify.invalidBody"),
  next: nextPath,
});

/** "example.org" or "https://example.org/about" → an absolute http(s) URL; else null. */
export function normaliseWebsite(input: string): string | null {
  const raw = input.trim();
  if (raw === "" || /\s/.test(raw)) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password) return null;
  // A host with a dot and letters at the end: "example.org", not "localhost" or "foo".
  if (!/^[^.]+(\.[^.]+)*\.[a-z\u00a1-\uffff-]{2,}$/i.test(url.hostname)) return null;
  return url.toString();
}

/**
 * The organisation profile: the same schema for creating and editing. The year is checked
 * against the year at parse time; a diaspora organisation names at least one country of
 * origin (other types have none).
 */
export const OrganisationSchema = z
  .object({
    legalName: z.string({ error: "organisation.errors.legalNameRequired" }).trim().min(1, "organisation.errors.legalNameRequired").max(200, "organisation.errors.legalNameTooLong"),
    acronym: optionalText(30, "organisation.errors.acronymTooLong"),
    typeCode: z.string({ error: "organisation.errors.typeRequired" }).trim().min(1, "organisation.errors.typeRequired").max(40, "organisation.errors.typeRequired"),
    countryCode: z.string({ error: "organisation.errors.countryRequired" }).trim().toUpperCase().regex(/^[A-Z]{2}$/, "organisation.errors.countryRequired"),
    registrationNumber: optionalText(100, "organisation.errors.registrationNumberTooLong"),
    yearFounded: z
      .string({ error: "organisation.errors.yearRequired" })
      .trim()
      .min(1, { error: "organisation.errors.yearRequired", abort: true })
      .regex(/^\d{4}$/, "organisation.errors.yearInvalid")
      .transform(Number)
      .refine((y) => y >= FIRST_YEAR_FOUNDED && y <= new Date().getFullYear(), "organisation.errors.yearInvalid"),
    address: optionalText(500, "organisation.errors.addressTooLong"),
    website: z
      .string()
      .max(300, "organisation.errors.websiteInvalid")
      .optional()
      .transform((v, ctx) => {
        if (!v || v.trim() === "") return null;
        const url = normaliseWebsite(v);
        if (!url) {
          ctx.addIssue({ code: "custom", message: "organisation.errors.websiteInvalid" });
          return z.NEVER;
        }
        return url;
      }),
    // Checked as a whole, so that a problem is reported on the field, not on one value of it.
    [ORIGIN_FIELD]: z
      .array(z.string({ error: "organisation.errors.originInvalid" }), { error: "organisation.errors.originInvalid" })
      .max(60, "organisation.errors.originTooMany")
      .optional()
      .transform((v) => [...new Set((v ?? []).map((c) => c.trim().toUpperCase()))].sort())
      .refine((codes) => codes.every((c) => /^[A-Z]{2}$/.test(c)), "organisation.errors.originInvalid"),
  })
  .refine((v) => v.typeCode !== DIASPORA_TYPE || v[ORIGIN_FIELD].length > 0, {
    path: [ORIGIN_FIELD],
    message: "organisation.errors.originRequired",
    // Checked even when other fields have problems, so that every problem shows at once;
    // only the type and the countries themselves must have parsed.
    when: (payload) => !payload.issues.some((i) => i.path?.[0] === "typeCode" || i.path?.[0] === ORIGIN_FIELD),
  })
  .transform(({ [ORIGIN_FIELD]: origins, ...rest }) => ({
    ...rest,
    // Only diaspora organisations keep countries of origin.
    originCountryCodes: rest.typeCode === DIASPORA_TYPE ? origins : [],
  }));
export type OrganisationInput = z.infer<typeof OrganisationSchema>;

export const InviteSchema = z.object({ email });

/** A record id from a hidden field: only a tampered form gets it wrong. */
const id = z.string({ error: "errors.badForm" }).min(1, "errors.badForm").max(100, "errors.badForm");

/** What an owner does on the members page; `userId` names the member acted on. */
export const MemberActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("invite"), email }),
    z.object({ intent: z.literal("remove"), userId: id }),
    z.object({ intent: z.literal("make-owner"), userId: id }),
    z.object({ intent: z.literal("make-member"), userId: id }),
    z.object({ intent: z.literal("revoke-invitation"), invitationId: id }),
  ],
  { error: "errors.badForm" },
);
export type MemberAction = z.infer<typeof MemberActionSchema>;

export const DocumentKindSchema = z.enum(DOCUMENT_KINDS, { error: "organisation.documents.errors.kindRequired" });

export const DocumentDeleteSchema = z.object({ intent: z.literal("delete"), documentId: id });
