// POST /api/uploads/:documentId/complete: after the browser's PUT, the server checks what
// really arrived and answers its verdict: 200 { status: "ready", ... } or
// 422 { error: { code: "rejected", message }, status: "rejected" }.
import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { apiRoute, completeUpload, methodNotAllowed, verdictMessage } from "~/modules/documents/uploads.server.ts";
import { resolveLocale } from "~/utils/locale.server.ts";

export const loader = () => methodNotAllowed("POST");

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs, setLocale) => {
  if (request.method !== "POST") return methodNotAllowed("POST");
  const user = await requireUser(request);
  const locale = resolveLocale(request, user);
  setLocale(locale);
  // The body is ignored: the document id in the path is all the server needs.
  const verdict = await completeUpload(toActor(user), params.documentId ?? "");
  const headers = { "Cache-Control": "no-store" };
  if (verdict.status === "rejected") {
    return Response.json({ error: { code: "rejected", message: verdictMessage(verdict, locale) }, status: "rejected" as const, documentId: verdict.documentId }, { status: 422, headers });
  }
  return Response.json(verdict, { status: 200, headers });
});
