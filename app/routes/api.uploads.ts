// POST /api/uploads: announce an upload for one requirement of a proposal and get a presigned
// PUT back. JSON in, JSON out; errors are `{ error: { code, message } }` with a 4xx status.
import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { apiRoute, methodNotAllowed, readJsonBody, requestUpload } from "~/modules/documents/uploads.server.ts";
import { resolveLocale } from "~/utils/locale.server.ts";

export const loader = () => methodNotAllowed("POST");

export const action = apiRoute(async ({ request }: ActionFunctionArgs, setLocale) => {
  if (request.method !== "POST") return methodNotAllowed("POST");
  // Signed-in members of the proposal's organisation only (checked again by the service).
  const user = await requireUser(request);
  setLocale(resolveLocale(request, user));
  const body = await readJsonBody(request);
  const ticket = await requestUpload(toActor(user), body);
  return Response.json(ticket, { status: 201, headers: { "Cache-Control": "no-store" } });
});
