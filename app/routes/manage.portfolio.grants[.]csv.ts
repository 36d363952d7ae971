// /manage/portfolio/grants.csv (grant managers): the portfolio's grants under the page's
// filters, streamed from the database in batches. Bad filters are a 400 with JSON field errors.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { csvResponse, exportGrantsCsv, readExportFilters, requirePortfolioReader } from "~/modules/grants/portfolio.server.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requirePortfolioReader(actor);
  const filters = readExportFilters(request);
  if (filters instanceof Response) return filters;
  const { filename, stream } = await exportGrantsCsv(actor, filters, resolveLocale(request, user));
  return csvResponse(filename, stream);
});
