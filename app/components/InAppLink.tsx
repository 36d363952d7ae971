// Links in long lists (tables of ranked proposals, queues, portfolios): a plain <a> costs a
// fraction of a <Link> to render on the server (each <Link> resolves its address through the
// router's hooks: about 15 µs, so a page of 150 links spends 2 ms on them). One click handler
// on the page's <main> (useInAppLinkClicks, in root.tsx) makes these links navigate in the app
// as <Link> does; before the script runs, or opened in a new tab, they are ordinary links.
import type { MouseEvent, ReactNode } from "react";
import { useLocation, useNavigate } from "@remix-run/react";
import { escapeHtml } from "~/utils/html.ts";

/** A link to a page of the app (data-discover, as <Link> writes it: the router learns the route in advance). */
export function InAppLink({ to, className, children }: { to: string; className?: string; children: ReactNode }) {
  return (
    <a href={to} className={className} data-in-app="" data-discover="true">
      {children}
    </a>
  );
}

/** The same link as markup, for parts of a page written as one string (see portfolio-markup.ts). */
export function inAppLinkMarkup(href: string, text: string): string {
  return `<a href="${escapeHtml(href)}" data-in-app="" data-discover="true">${escapeHtml(text)}</a>`;
}

/**
 * The click handler for <main>: a plain left click on an InAppLink navigates in the app, as
 * <Link> does (a link to the page already shown replaces it in the history). Anything else
 * (other links, modifier keys, new tabs) is left to the browser.
 */
export function useInAppLinkClicks() {
  const navigate = useNavigate();
  const location = useLocation();
  return (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
    const link = event.target instanceof Element ? event.target.closest("a[data-in-app]") : null;
    if (!(link instanceof HTMLAnchorElement) || !event.currentTarget.contains(link)) return;
    const url = new URL(link.href);
    if (url.origin !== window.location.origin) return;
    event.preventDefault();
    const to = `${url.pathname}${url.search}${url.hash}`;
    navigate(to, { replace: to === `${location.pathname}${location.search}${location.hash}` });
  };
}
