// A row of links between the pages of one thing (a call, a grant, the stages of an
// evaluation), the current one marked for screen readers. Styled by "call-tabs".
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

export interface Tab {
  key: string;
  to: string;
  label: string;
}

export function Tabs({ label, tabs, current, children }: { label: string; tabs: readonly Tab[]; current: string; /** Shown above the links (a breadcrumb). */ children?: ReactNode }) {
  return (
    <nav className="call-tabs" aria-label={label}>
      {children}
      <ul>
        {tabs.map((tab) => (
          <li key={tab.key}>
            <Link to={tab.to} aria-current={tab.key === current ? "page" : undefined}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
