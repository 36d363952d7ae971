// /manage/calls/:callId/proposals.csv (grant managers): the call's submitted proposals,
// with the list's filters, as a CSV file for Excel. Streamed: rows are read from the
// database in pages while the file is sent. Bad filters are a 400 with JSON field errors.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { ScreeningFiltersSchema } from "~/modules/applications/screening-schema.ts";
import { exportCsv, requireScreener } from "~/modules/applications/screening.server.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireScreener(actor);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = ScreeningFiltersSchema.safeParse(query);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
    return new Response(JSON.stringify({ error: { code: "bad_request", message: "errors.badForm", fieldErrors } }), {
      status: 400,
      headers: { "Content-Type": "application/json; charset=utf-8" },
    });
  }
  const { page: _page, ...filters } = parsed.data;
  const { filename, stream } = await exportCsv(actor, params.callId ?? "", filters, resolveLocale(request, user));
  return new Response(stream, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
