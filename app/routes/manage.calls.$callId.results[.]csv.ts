// /manage/calls/:callId/results.csv?stage=… (grant managers): the ranked results of one stage
// as a CSV file for Excel, streamed (BOM, CRLF, formula-safe; see app/utils/csv.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { requireDecider } from "~/modules/evaluation/decisions.server.ts";
import { StageQuerySchema } from "~/modules/evaluation/evaluation-schemas.ts";
import { exportResultsCsv, findCall, pickStage } from "~/modules/evaluation/results.server.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireDecider(actor);
  const call = await findCall(params.callId ?? "");
  const stage = pickStage(call.procedure, StageQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams)).stage);
  const { filename, stream } = await exportResultsCsv(actor, call.id, stage, resolveLocale(request, user));
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
