// GET /assess/:evaluationId/documents/:documentId: a document frozen with the proposal at the
// evaluation's stage, for its assessor only (after the call's declaration, while the
// evaluation is still theirs): a redirect to a 5-minute presigned link. In blind review the
// file is offered under a neutral name. Anything else is "not found".
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { assessorDocumentUrl, requireAssessor } from "~/modules/evaluation/assessor.server.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireAssessor(actor);
  const url = await assessorDocumentUrl(actor, params.evaluationId ?? "", params.documentId ?? "", resolveLocale(request, user));
  return redirect(url, { headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
});
