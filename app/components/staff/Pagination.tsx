// Previous / next links for a list paginated on the server; the other query parameters
// (the filters) are kept. `param` names the page's query parameter when a screen pages
// several lists independently (default "page").
import { Link, useLocation } from "@remix-run/react";
import { useT } from "~/utils/i18n.ts";

export function Pagination({ page, pageCount, param = "page" }: { page: number; pageCount: number; param?: string }) {
  const t = useT();
  const location = useLocation();
  if (pageCount <= 1) return null;
  const to = (n: number) => {
    const params = new URLSearchParams(location.search);
    if (n <= 1) params.delete(param);
    else params.set(param, String(n));
    const search = params.toString();
    return `${location.pathname}${search ? `?${search}` : ""}`;
  };
  return (
    <nav aria-label={t("staff.pagination.label")} className="pagination" style={{ display: "flex", gap: "1rem", alignItems: "center", flexWrap: "wrap", marginTop: "1rem" }}>
      {page > 1 ? (
        <Link to={to(page - 1)} rel="prev">
          {t("staff.pagination.previous")}
        </Link>
      ) : null}
      <span aria-current="page">{t("staff.pagination.status", { page, pages: pageCount })}</span>
      {page < pageCount ? (
        <Link to={to(page + 1)} rel="next">
          {t("staff.pagination.next")}
        </Link>
      ) : null}
    </nav>
  );
}
