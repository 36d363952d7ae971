// The top navigation per role, decided on the server from the permission table (the root
// loader sends the result). Only pages that exist are linked; sections of the dashboard stand
// in for pages still to come (the assessor's list, user management, the audit trail).
import { can, scopeFor, type Actor } from "~/modules/auth/permissions.ts";
import type { MessageKey } from "~/utils/i18n.ts";

export interface NavItem {
  to: string;
  label: MessageKey;
  /** Active only on this exact path (not on its children). */
  end?: boolean;
}

export const ANONYMOUS_NAV: NavItem[] = [
  { to: "/", label: "nav.calls", end: true },
  { to: "/login", label: "nav.signIn" },
];

export function navigationFor(actor: Actor | null): NavItem[] {
  if (!actor) return ANONYMOUS_NAV;
  const items: (NavItem | false)[] = [can(actor, "dashboard", "read") && { to: "/dashboard", label: "nav.dashboard", end: true }];
  switch (actor.role) {
    case "APPLICANT":
      items.push(can(actor, "call", "list") && { to: "/", label: "nav.calls", end: true }, can(actor, "proposal", "list") && { to: "/dashboard#proposals", label: "nav.myProposals" });
      break;
    case "EVALUATOR":
      items.push(can(actor, "evaluation", "list") && { to: "/dashboard#assessments", label: "nav.assessments" });
      break;
    case "GRANT_MANAGER":
      items.push(scopeFor(actor.role, "call", "list") === "any" && { to: "/dashboard#calls", label: "nav.calls" });
      break;
    case "ADMIN":
      items.push(can(actor, "user", "list") && { to: "/dashboard#users", label: "nav.users" }, can(actor, "audit", "list") && { to: "/dashboard#audit", label: "nav.audit" });
      break;
  }
  return items.filter((i): i is NavItem => !!i);
}
