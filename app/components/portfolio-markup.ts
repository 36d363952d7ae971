// Helpers for the parts of the portfolio page written as markup strings (long lists and the
// charts): escaping as React escapes, and markup written once per state of the page. Links
// inside them are inAppLinkMarkup (InAppLink.tsx).

/** Markup already written, by the view it was written from (the page's JSON string), then by part. */
const written = new Map<string, Map<string, string>>();
const VIEWS_KEPT = 8;

/**
 * The markup of `part` of the page showing `view`, written once: the server hands the same
 * view string to every request while the figures stay the same (a string's hash is computed
 * once, so looking a long one up again costs no more than a short one).
 */
export function memoMarkup(view: string, part: string, write: () => string): string {
  let parts = written.get(view);
  if (!parts) {
    parts = new Map();
    written.set(view, parts);
    for (const old of written.keys()) {
      if (written.size <= VIEWS_KEPT) break;
      written.delete(old);
    }
  }
  let html = parts.get(part);
  if (html === undefined) {
    html = write();
    parts.set(part, html);
  }
  return html;
}
