// Forms of the account-security pages, shared by each form and its action. Messages are
// i18n keys (app/locales/areas/account.ts).
import { z } from "zod";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

const email = z.string().trim().toLowerCase().min(1, "errors.emailRequired").max(254, "errors.emailInvalid").email("errors.emailInvalid");
const newPassword = z.string().min(PASSWORD_MIN, "account.errors.passwordTooShort").max(PASSWORD_MAX, "account.errors.passwordTooLong");
const confirmation = z.string().min(1, "account.errors.confirmRequired").max(PASSWORD_MAX, "account.errors.confirmMismatch");

/** Adds the "the two new passwords differ" error to the confirmation field. */
function samePasswords(newField: string) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    if (typeof value[newField] === "string" && value[newField] !== value.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "account.errors.confirmMismatch" });
    }
  };
}

export const ForgotPasswordSchema = z.object({ email });

export const ResetPasswordSchema = z
  .object({
    token: z.string().min(1, "account.reset.invalidTitle").max(200, "account.reset.invalidTitle"),
    password: newPassword,
    confirmPassword: confirmation,
  })
  .superRefine(samePasswords("password"));

export const ProfileSchema = z.object({
  intent: z.literal("profile", "errors.badForm"),
  name: z.string().trim().min(1, "account.errors.nameRequired").max(120, "account.errors.nameTooLong"),
  locale: z.enum(["en", "fr"], { error: "errors.languageInvalid" }),
});

export const ChangePasswordSchema = z
  .object({
    intent: z.literal("password", "errors.badForm"),
    currentPassword: z.string().min(1, "account.errors.currentPasswordRequired").max(PASSWORD_MAX, "account.errors.currentPasswordWrong"),
    newPassword,
    confirmPassword: confirmation,
  })
  .superRefine(samePasswords("newPassword"))
  .superRefine((value, ctx) => {
    if (value.newPassword === value.currentPassword) ctx.addIssue({ code: "custom", path: ["newPassword"], message: "account.errors.passwordUnchanged" });
  });

/** A six-digit code; spaces and dashes, as apps display it ("123 456"), are allowed. */
export const CodeSchema = z.object({
  code: z
    .string()
    .transform((v) => v.replace(/[\s-]/g, ""))
    .pipe(z.string().min(1, "account.errors.codeRequired").regex(/^\d{6}$/, "account.errors.codeFormat")),
  redirectTo: z.string().max(2000).optional(),
});

export const TwoFactorActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("cancel") }),
  CodeSchema.extend({ intent: z.literal("confirm") }),
  CodeSchema.extend({ intent: z.literal("disable") }),
], "errors.badForm");

export const SessionActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("revoke"), session: z.string().min(1, "account.sessions.notFound").max(100, "account.sessions.notFound") }),
  z.object({ intent: z.literal("revokeOthers") }),
], "errors.badForm");

export const SecuritySettingsSchema = z.object({
  // An unticked checkbox sends nothing.
  staffTwoFactorRequired: z.literal("on", "errors.badForm").optional(),
});
