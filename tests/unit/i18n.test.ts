import { describe, expect, it } from "vitest";
import { en } from "~/locales/en.ts";
import { fr } from "~/locales/fr.ts";
import type { Messages } from "~/utils/i18n.ts";
import { DICTIONARIES, LOCALES, interpolate, isLocale, isMessageKey, pick, pickBilingual, stripLangParam, translator } from "~/utils/i18n.ts";
import { localeFromAcceptLanguage, resolveLocale, languageCookie, LanguageSchema } from "~/utils/locale.server.ts";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("dictionaries", () => {
  it("French has exactly the keys of English", () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it("a dictionary missing a key, or with an extra one, does not type-check", () => {
    // Checked by `tsc --noEmit`: remove a @ts-expect-error and the build fails.
    // @ts-expect-error -- every key of English is required
    const missing: Messages = { "nav.signIn": "Connexion" };
    // @ts-expect-error -- a key English does not have is refused
    const extra: Messages = { ...fr, "nav.unknownKey": "?" };
    expect(missing).toBeDefined();
    expect(extra).toBeDefined();
  });

  it("every message is non-empty text in every language", () => {
    for (const locale of LOCALES) {
      for (const [key, value] of Object.entries(DICTIONARIES[locale])) {
        expect(typeof value, `${locale} ${key}`).toBe("string");
        expect(value.trim(), `${locale} ${key}`).not.toBe("");
      }
    }
  });

  it("a translation uses the same parameters as the English message", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it("has the i18n keys other modules throw as messages", () => {
    for (const key of ["errors.signInFailed", "errors.emailRequired", "errors.emailInvalid", "errors.passwordRequired", "errors.badForm", "errors.notFound"]) {
      expect(isMessageKey(key), key).toBe(true);
    }
  });
});

describe("translator", () => {
  it("translates by key", () => {
    expect(translator("en")("nav.signIn")).toBe("Sign in");
    expect(translator("fr")("nav.signIn")).toBe("Se connecter");
    expect(translator("fr").locale).toBe("fr");
  });

  it("interpolates parameters, numbers in the locale's format", () => {
    expect(translator("en")("dashboard.welcome", { name: "Awa" })).toBe("Welcome, Awa");
    expect(translator("fr")("call.durationRange", { min: 6, max: 12 })).toBe("De 6 à 12 mois");
    expect(interpolate("{n} items", { n: 1234567 }, "en")).toBe("1,234,567 items");
    expect(interpolate("{n} items", { n: 1234567 }, "fr").replace(/[\u00a0\u202f]/g, " ")).toBe("1 234 567 items");
  });

  it("leaves unknown placeholders visible and ignores extra parameters", () => {
    expect(interpolate("Hello {name}, {missing}", { name: "Yusuf", extra: "x" })).toBe("Hello Yusuf, {missing}");
    expect(interpolate("No params", undefined)).toBe("No params");
  });

  it("translates text that is a key and passes other text through", () => {
    expect(translator("fr").maybe("errors.notFound")).toBe(fr["errors.notFound"]);
    expect(translator("fr").maybe("Some plain message.")).toBe("Some plain message.");
    expect(translator("en").maybe("constructor")).toBe("constructor");
  });
});

describe("helpers", () => {
  it("recognises supported locales only", () => {
    expect(isLocale("en")).toBe(true);
    expect(isLocale("fr")).toBe(true);
    expect(isLocale("de")).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });

  it("picks the bilingual field, falling back to English when the French is empty", () => {
    expect(pick({ titleEn: "Call", titleFr: "Appel" }, "title", "fr")).toBe("Appel");
    expect(pick({ titleEn: "Call", titleFr: "" }, "title", "fr")).toBe("Call");
    expect(pick({ nameEn: "Rabat Process", nameFr: "Processus de Rabat" }, "name", "en")).toBe("Rabat Process");
    expect(pickBilingual({ en: "Open", fr: "Ouvert" }, "fr")).toBe("Ouvert");
    expect(pickBilingual(undefined, "fr", "draft")).toBe("draft");
  });

  it("removes the lang parameter from a path and keeps the rest", () => {
    expect(stripLangParam("/calls/abc?lang=fr&tab=2#grid")).toBe("/calls/abc?tab=2#grid");
    expect(stripLangParam("/?lang=en")).toBe("/");
  });
});

describe("locale resolution", () => {
  const req = (url: string, headers: Record<string, string> = {}) => new Request(`http://localhost${url}`, { headers });

  it("reads Accept-Language by quality", () => {
    expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,en;q=0.8")).toBe("fr");
    expect(localeFromAcceptLanguage("de-DE,de;q=0.9,fr;q=0.5,en;q=0.7")).toBe("en");
    expect(localeFromAcceptLanguage("de, it")).toBeNull();
    expect(localeFromAcceptLanguage("fr;q=0, en")).toBe("en");
    expect(localeFromAcceptLanguage(null)).toBeNull();
  });

  it("prefers ?lang=, then the cookie, then the user's locale, then the browser, then English", () => {
    const user = { locale: "fr" };
    expect(resolveLocale(req("/?lang=en", { Cookie: "lang=fr" }), user)).toBe("en");
    expect(resolveLocale(req("/", { Cookie: "other=1; lang=fr" }), { locale: "en" })).toBe("fr");
    expect(resolveLocale(req("/", { "Accept-Language": "en" }), user)).toBe("fr");
    expect(resolveLocale(req("/", { "Accept-Language": "fr-SN,fr;q=0.9" }), null)).toBe("fr");
    expect(resolveLocale(req("/"), null)).toBe("en");
    // Unsupported values are skipped, not trusted.
    expect(resolveLocale(req("/?lang=xx", { Cookie: "lang=yy", "Accept-Language": "fr" }), null)).toBe("fr");
  });

  it("remembers a choice in a long-lived, HttpOnly, SameSite=Lax cookie", () => {
    const cookie = languageCookie("fr");
    expect(cookie).toMatch(/^lang=fr;/);
    expect(cookie).toContain("Path=/");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
  });

  it("validates the language switch form with a translatable message", () => {
    expect(LanguageSchema.safeParse({ lang: "fr", redirectTo: "/" }).success).toBe(true);
    const bad = LanguageSchema.safeParse({ lang: "de" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe("errors.languageInvalid");
  });
});
