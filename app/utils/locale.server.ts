// Which language a request is answered in, decided on the server in this order:
// `?lang=` in the address, the `lang` cookie set by the language switch, the signed-in
// user's saved locale, the browser's Accept-Language, then English.
import { z } from "zod";
import { DEFAULT_LOCALE, LOCALES, isLocale, type Locale } from "./i18n.ts";
import { isProduction } from "./env.server.ts";

export const LANG_COOKIE = "lang";
const ONE_YEAR = 60 * 60 * 24 * 365;

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

/** The best supported language in an Accept-Language header, by quality; null if none fits. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((entry, index) => {
      const [tag = "", ...params] = entry.trim().split(";");
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { language: tag.trim().toLowerCase().split("-")[0] ?? "", q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) if (isLocale(entry.language)) return entry.language;
  return null;
}

export function resolveLocale(request: Request, user?: { locale: string } | null): Locale {
  const fromQuery = new URL(request.url).searchParams.get("lang");
  if (isLocale(fromQuery)) return fromQuery;
  const fromCookie = readCookie(request, LANG_COOKIE);
  if (isLocale(fromCookie)) return fromCookie;
  if (user && isLocale(user.locale)) return user.locale;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? DEFAULT_LOCALE;
}

function secureCookies(): boolean {
  try {
    return isProduction();
  } catch {
    return false;
  }
}

/** The Set-Cookie value that remembers a language choice for a year. */
export function languageCookie(locale: Locale): string {
  return [`${LANG_COOKIE}=${locale}`, "Path=/", `Max-Age=${ONE_YEAR}`, "SameSite=Lax", "HttpOnly", ...(secureCookies() ? ["Secure"] : [])].join("; ");
}

/** The language switch form: which language, and the page to go back to. */
export const LanguageSchema = z.object({
  lang: z.enum(LOCALES, { error: "errors.languageInvalid" }),
  redirectTo: z.string().max(2000).optional(),
});
