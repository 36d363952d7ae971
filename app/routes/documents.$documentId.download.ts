// GET /documents/:documentId/download: the permission check (organisation scope for
// applicants, any for grant managers), then a redirect to a 5-minute presigned link that
// downloads the file under its name. Anything the user may not read is "not found".
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { downloadUrl } from "~/modules/documents/uploads.server.ts";
import { handle } from "~/utils/route.server.ts";

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const url = await downloadUrl(toActor(user), params.documentId ?? "");
  return redirect(url, { headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
});
