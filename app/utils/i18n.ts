// Translations without a library: two bundled dictionaries, `{name}` interpolation, and the
// locale chosen on the server (app/utils/locale.server.ts) and handed to the page by the
// root loader. `translator(locale)` works anywhere; `useT()` reads the root loader's locale.
import { useRouteLoaderData } from "@remix-run/react";
import { en, type MessageKey, type Messages } from "~/locales/en.ts";
import { fr } from "~/locales/fr.ts";

export type { MessageKey, Messages } from "~/locales/en.ts";

export const LOCALES = ["en", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export const DICTIONARIES: Record<Locale, Messages> = { en, fr };

/** BCP 47 tags for Intl: British English writes "17 June 2026", French "17 juin 2026". */
export const INTL_LOCALE: Record<Locale, string> = { en: "en-GB", fr: "fr-FR" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(en, value);
}

export type Params = Record<string, string | number>;

// Building an Intl.NumberFormat is costly and messages with numbers are rendered by the
// hundred on list pages: one per locale.
const numberFormats = new Map<Locale, Intl.NumberFormat>();
function numberFormat(locale: Locale): Intl.NumberFormat {
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(INTL_LOCALE[locale]);
    numberFormats.set(locale, f);
  }
  return f;
}

/**
 * A message split once into its text and its `{name}` placeholders (odd indexes): list pages
 * render the same few messages hundreds of times. Templates are the dictionaries' messages, a
 * bounded set; other text (already words) passes through unsplit.
 */
const compiled = new Map<string, readonly string[]>();
function partsOf(template: string): readonly string[] {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    if (compiled.size < 5_000) compiled.set(template, parts);
  }
  return parts;
}

/** Replaces `{name}` with params.name; unknown placeholders stay visible so they get noticed. */
export function interpolate(template: string, params: Params | undefined, locale: Locale = DEFAULT_LOCALE): string {
  if (!params || !template.includes("{")) return template;
  const parts = partsOf(template);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value = params[name];
    out += (value === undefined ? `{${name}}` : typeof value === "number" ? numberFormat(locale).format(value) : value) + parts[i + 1]!;
  }
  return out;
}

export interface Translate {
  (key: MessageKey, params?: Params): string;
  readonly locale: Locale;
  /**
   * For text that may be a key or already words (error messages from services, zod issues):
   * translates a known key, returns anything else unchanged.
   */
  maybe(text: string, params?: Params): string;
}

const cache = new Map<Locale, Translate>();

/** A translate function for one locale; usable on the server and in components. */
export function translator(locale: Locale): Translate {
  const cached = cache.get(locale);
  if (cached) return cached;
  const dict = DICTIONARIES[locale];
  const t = ((key: MessageKey, params?: Params) => interpolate(dict[key] ?? en[key] ?? key, params, locale)) as Translate;
  Object.defineProperty(t, "locale", { value: locale });
  Object.defineProperty(t, "maybe", { value: (text: string, params?: Params) => (isMessageKey(text) ? t(text, params) : text) });
  cache.set(locale, t);
  return t;
}

/** What the root loader gives every page (see app/root.tsx). */
export interface RootLocaleData {
  locale: Locale;
}

/** The page's locale: the root loader's, or English when the root loader did not run (an error page). */
export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as RootLocaleData | undefined;
  return isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE;
}

export function useT(): Translate {
  return translator(useLocale());
}

/** For `meta` functions: the locale from the root match's data. */
export function localeFromMatches(matches: readonly { id: string; data?: unknown }[]): Locale {
  const root = matches.find((m) => m.id === "root")?.data as RootLocaleData | undefined;
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}

/** "Page title | Site name", in the page's language. */
export function pageTitle(locale: Locale, title?: string): string {
  const site = translator(locale)("app.name");
  return title ? `${title} | ${site}` : site;
}

/** Picks the field of a bilingual record (`nameEn`/`nameFr`, `titleEn`/`titleFr`) for the locale. */
export function pick(record: object, base: string, locale: Locale): string {
  const fields = record as Record<string, unknown>;
  const value = fields[`${base}${locale === "fr" ? "Fr" : "En"}`];
  const fallback = fields[`${base}En`];
  if (typeof value === "string" && value.trim() !== "") return value;
  return typeof fallback === "string" ? fallback : "";
}

/** Picks from a `{ en, fr }` object (the workflow label maps). */
export function pickBilingual(value: { en: string; fr: string } | undefined, locale: Locale, fallback = ""): string {
  return value ? value[locale] || value.en : fallback;
}

/** A same-site path without its `lang` query parameter (so that a language choice sticks). */
export function stripLangParam(path: string): string {
  const url = new URL(path, "http://local.invalid");
  url.searchParams.delete("lang");
  return `${url.pathname}${url.search}${url.hash}`;
}
