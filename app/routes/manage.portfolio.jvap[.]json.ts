// /manage/portfolio/jvap.json (grant managers): the same JVAP initiative records as the CSV,
// as a JSON array streamed batch by batch, for import into the JVAP database.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { exportJvapJson, readExportFilters, requirePortfolioReader } from "~/modules/grants/portfolio.server.ts";
import { handle } from "~/utils/route.server.ts";

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requirePortfolioReader(actor);
  const filters = readExportFilters(request);
  if (filters instanceof Response) return filters;
  const stream = await exportJvapJson(actor, filters);
  return new Response(stream, {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="jvap-initiatives.json"',
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
