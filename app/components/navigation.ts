// The top navigation per role, decided on the server from the permission table (the root
// loader sends the result). Only pages that exist are linked.
import { can, scopeFor, type Actor } from "~/modules/auth/permissions.ts";
import type { MessageKey } from "~/utils/i18n.ts";

export interface NavItem {
  to: string;
  label: MessageKey;
  /** Active only on this exact path (not on its children). */
  end?: boolean;
}

export const ANONYMOUS_NAV: NavItem[] = [
  { to: "/calls", label: "nav.calls" },
  { to: "/signup", label: "nav.signUp" },
  { to: "/login", label: "nav.signIn" },
];

export function navigationFor(actor: Actor | null): NavItem[] {
  if (!actor) return ANONYMOUS_NAV;
  const items: (NavItem | false)[] = [can(actor, "dashboard", "read") && { to: "/dashboard", label: "nav.dashboard", end: true }];
  switch (actor.role) {
    case "APPLICANT":
      items.push(
        can(actor, "call", "list") && { to: "/calls", label: "nav.calls" },
        can(actor, "proposal", "list") && { to: "/dashboard#proposals", label: "nav.myProposals" },
        can(actor, "grant", "list") && { to: "/grants", label: "nav.grants" },
        can(actor, "organisation", "read") && { to: actor.organisationIds.length ? "/organisation" : "/organisation/new", label: "nav.organisation" },
      );
      break;
    case "EVALUATOR":
      items.push(can(actor, "evaluation", "list") && { to: "/assess", label: "nav.assess" }, { to: "/calls", label: "nav.calls" });
      break;
    case "GRANT_MANAGER":
      items.push(
        scopeFor(actor.role, "call", "create") === "any" && { to: "/manage/calls", label: "nav.manageCalls" },
        scopeFor(actor.role, "grant", "list") === "any" && { to: "/manage/portfolio", label: "nav.portfolio" },
        scopeFor(actor.role, "report", "list") === "any" && { to: "/manage/reports", label: "nav.reports" },
        can(actor, "call", "list") && { to: "/manage/workflows", label: "nav.workflows" },
        can(actor, "audit", "list") && { to: "/admin/audit", label: "nav.audit" },
      );
      break;
    case "ADMIN":
      items.push(
        can(actor, "user", "list") && { to: "/admin/users", label: "nav.users" },
        can(actor, "user", "update") && { to: "/admin/security", label: "nav.security" },
        can(actor, "audit", "list") && { to: "/admin/audit", label: "nav.audit" },
      );
      break;
  }
  items.push({ to: "/account", label: "nav.account" });
  return items.filter((i): i is NavItem => !!i);
}
