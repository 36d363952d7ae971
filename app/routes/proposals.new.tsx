// Start a proposal for a call: the applicant chooses which of their organisations leads
// (usually the only one); an existing proposal of that organisation is simply continued.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { startProposal } from "~/modules/applications/editor.server.ts";
import { requirePermission } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { db } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { localeFromMatches, pageTitle, pick, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

const StartSchema = z.object({ callId: z.string().min(1).max(100), organisationId: z.string().min(1, { message: "proposals.error.chooseOrganisation" }).max(100) });

export const meta: MetaFunction = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("proposals.new.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requirePermission(actor, "proposal", "create");
  const locale = resolveLocale(request, user);
  const callId = new URL(request.url).searchParams.get("call") ?? "";
  const call = await db().call.findFirst({ where: { id: callId, state: "open" } });
  if (!call) throw new AppError("not_found", "proposals.start.callNotOpen");
  const existing = await db().proposal.findFirst({ where: { callId, organisationId: { in: actor.organisationIds } }, select: { id: true } });
  if (existing && actor.organisationIds.length === 1) throw redirect(`/proposals/${existing.id}`);
  const organisations = await db().organisation.findMany({ where: { id: { in: actor.organisationIds } }, select: { id: true, legalName: true }, orderBy: { legalName: "asc" } });
  return { call: { id: call.id, title: pick(call, "title", locale) }, organisations };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const parsed = parseWith(await readForm(request), StartSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  const { id } = await startProposal(toActor(user), parsed.data.callId, parsed.data.organisationId, { ipAddress: clientAddress(request) });
  return redirect(`/proposals/${id}`);
});

export default function NewProposal() {
  const { call, organisations } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="new-title">
      <h1 id="new-title">{t("proposals.new.title")}</h1>
      <p>{t("proposals.new.intro", { call: call.title })}</p>
      <Form method="post">
        <input type="hidden" name="callId" value={call.id} />
        <div className="field">
          <label htmlFor="field-organisationId">{t("proposals.new.organisation")}</label>
          <select id="field-organisationId" name="organisationId" defaultValue={organisations[0]?.id}>
            {organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.legalName}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("proposals.new.submit")}
        </button>
      </Form>
    </section>
  );
}
