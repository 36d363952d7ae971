// Sign out: POST only (a link could be followed by a prefetch or a third party).
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { destroySession, getUser } from "~/modules/auth/session.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle } from "~/utils/route.server.ts";

// Nothing to show: a GET (typed address, old bookmark) goes home, signed in or not.
export const loader = handle(async () => redirect("/"));

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  // Anyone may sign out, even with an expired session; the cookie is cleared either way.
  const user = await getUser(request);
  const cookie = await destroySession(request);
  if (user) await recordAudit({ actorId: user.id, action: "sign_out", entityType: "user", entityId: user.id, ipAddress: clientAddress(request) });
  return redirect("/", { headers: { "Set-Cookie": cookie } });
});
