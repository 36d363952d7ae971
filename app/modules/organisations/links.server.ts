// Absolute links for emails: APP_URL when it is set (the address people use, behind any
// proxy), else the origin of the request that caused the email.
import { env } from "~/utils/env.server.ts";

export function appOrigin(request: Request): string {
  const configured = env().APP_URL;
  if (configured) return new URL(configured).origin;
  return new URL(request.url).origin;
}

export function verifyEmailLink(origin: string, token: string, next?: string | null): string {
  const url = new URL("/verify-email", origin);
  url.searchParams.set("token", token);
  if (next) url.searchParams.set("next", next);
  return url.toString();
}

export function invitationLink(origin: string, token: string): string {
  return new URL(`/invitations/${encodeURIComponent(token)}`, origin).toString();
}

export function signInLink(origin: string): string {
  return new URL("/login", origin).toString();
}
