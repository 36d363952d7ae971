// Helpers for the parts of the portfolio page written as markup strings (long lists and the
// charts): escaping as React escapes, and the in-app navigation that <Link> gives, for the
// plain links inside them.
import type { MouseEvent } from "react";
import { useLocation, useNavigate } from "@remix-run/react";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };

/** Text or an attribute value made safe for HTML (the characters React escapes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * A link to a page of the app, as <Link> writes it (data-discover: the router learns the
 * route in advance). With `useLinkClicks` on a container it navigates in the app like a <Link>.
 */
export function linkMarkup(href: string, text: string): string {
  return `<a data-discover="true" href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
}

/**
 * A click handler for a container of plain links: a plain left click on a link to this app
 * navigates in the app, as <Link> does; anything else (new tab, modifier keys, other sites,
 * before the page's script runs) is the browser's ordinary link.
 */
export function useLinkClicks() {
  const navigate = useNavigate();
  const location = useLocation();
  return (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
    const target = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!(target instanceof HTMLAnchorElement) || !event.currentTarget.contains(target)) return;
    if ((target.target && target.target !== "_self") || target.hasAttribute("download")) return;
    const url = new URL(target.href);
    if (url.origin !== window.location.origin) return;
    event.preventDefault();
    const to = `${url.pathname}${url.search}${url.hash}`;
    // Like <Link>: a link to the page already shown replaces it in the history.
    navigate(to, { replace: to === `${location.pathname}${location.search}${location.hash}` });
  };
}

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
