import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Pagination } from "./Pagination.tsx";

/**
 * A titled, paginated list of records as a table: the heading names the count, an empty
 * list says so in words, and a wide table scrolls in its own focusable region.
 */
export function PagedTable(props: {
  id: string;
  title: string;
  empty: string;
  headers: string[];
  rowCount: number;
  page: number;
  pageCount: number;
  children: ReactNode;
}) {
  const titleId = `${props.id}-title`;
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{props.title}</h2>
      {props.rowCount === 0 ? (
        <p className="empty">{props.empty}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby={titleId} tabIndex={0}>
          <table>
            <thead>
              <tr>
                {props.headers.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{props.children}</tbody>
          </table>
        </div>
      )}
      <Pagination page={props.page} pageCount={props.pageCount} />
    </section>
  );
}

/** The buttons under a filter form: apply, and clear back to the unfiltered list. */
export function FilterActions({ apply, clear, clearTo }: { apply: string; clear: string; clearTo: string }) {
  return (
    <p style={{ display: "flex", gap: "1rem", alignItems: "center", margin: 0 }}>
      <button type="submit" className="button">
        {apply}
      </button>
      <Link to={clearTo}>{clear}</Link>
    </p>
  );
}
