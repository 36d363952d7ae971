// The start of every staff page of one grant (overview, contract, payments): the signed-in
// user must manage grants (any grant, see requireGrantManager) before anything is read, and
// a loader then reads the grant as managers see it (unknown grant: 404).
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import type { FieldErrors } from "~/utils/route.server.ts";
import { getGrantForManager, requireGrantManager } from "./grants.server.ts";

type Params = LoaderFunctionArgs["params"];

/** A grant page's loader: the grant manager's locale and the grant's view (facts, tranches, reports, changes). */
export async function loadManagedGrant(request: Request, params: Params) {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireGrantManager(actor, "read");
  const locale = resolveLocale(request, user);
  const view = await getGrantForManager(actor, params.grantId ?? "", locale);
  return { locale, view, grant: view.grant };
}

/** A grant page's action: the grant manager allowed to `action`, the grant's id and the audit facts. */
export async function grantManagerAction(request: Request, params: Params, action: "update" | "pay") {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireGrantManager(actor, action);
  return { actor, locale: resolveLocale(request, user), grantId: params.grantId ?? "", meta: { ipAddress: clientAddress(request) } };
}

/** A refused post: its status (400 by default), the errors by field and what was typed. */
export function refusedForm(fieldErrors: FieldErrors, values: Record<string, string>, status = 400) {
  return data({ ok: false as const, fieldErrors, values }, { status });
}
