import { z } from "zod";

// Shared by the sign-in form and its action. Messages are i18n keys.
export const SignInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "errors.emailRequired").email("errors.emailInvalid").max(254),
  password: z.string().min(1, "errors.passwordRequired").max(200),
  redirectTo: z.string().optional(),
});
export type SignInInput = z.infer<typeof SignInSchema>;

/** Only same-site relative paths: never an open redirect. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/dashboard"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
