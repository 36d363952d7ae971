// The applicant's proposals, with their status in plain words.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { listOrganisationProposals } from "~/modules/applications/proposals.server.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { formatMoney } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const meta: MetaFunction = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("proposals.list.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const locale = resolveLocale(request, user);
  return { organisations: await listOrganisationProposals(toActor(user), user.organisationIds, locale) };
});

export default function Proposals() {
  const { organisations } = useLoaderData<typeof loader>();
  const t = useT();
  const proposals = organisations.flatMap((o) => o.proposals);
  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">{t("proposals.list.title")}</h1>
      {proposals.length === 0 ? (
        <p className="empty">
          {t("proposals.list.none")} <Link to="/calls">{t("proposals.list.browse")}</Link>
        </p>
      ) : (
        <ul className="card-list">
          {proposals.map((p) => (
            <li key={p.id} className="card">
              <h2>
                <Link to={`/proposals/${p.id}`}>{p.title || t("proposals.overview.untitled")}</Link>
              </h2>
              <p className="muted">
                {p.reference} · {p.call.title}
              </p>
              <StatusBadge state={p.state} label={p.stateLabel} />
              <p>{p.nextStep}</p>
              <p>{formatMoney(p.requestedAmountCents, t.locale)}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
