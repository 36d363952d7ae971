// Downloads an organisation document: the permission check here, then a redirect to a
// presigned link that works for a minute. Another organisation's document is "not found".
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { organisationDocumentDownloadUrl } from "~/modules/organisations/organisation-documents.server.ts";
import { handle } from "~/utils/route.server.ts";

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  // Members of the document's organisation (document: read); anyone else gets 404.
  const user = await requireUser(request);
  const url = await organisationDocumentDownloadUrl(toActor(user), params.documentId ?? "");
  return redirect(url, { headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
});
