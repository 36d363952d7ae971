// /manage/portfolio/jvap.csv (grant managers): every grant under the page's filters as an
// initiative record of the JVAP database (title, domains, countries, budget, funder,
// implementer, dates, status), streamed. Bad filters are a 400 with JSON field errors.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { csvResponse, exportJvapCsv, readExportFilters, requirePortfolioReader } from "~/modules/grants/portfolio.server.ts";
import { handle } from "~/utils/route.server.ts";

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requirePortfolioReader(actor);
  const filters = readExportFilters(request);
  if (filters instanceof Response) return filters;
  const { filename, stream } = await exportJvapCsv(actor, filters);
  return csvResponse(filename, stream);
});
