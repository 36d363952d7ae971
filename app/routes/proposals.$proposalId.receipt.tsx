// The receipt: reference number, when it was submitted, and a printable copy of exactly what
// was submitted (the frozen ProposalSubmission), with a print stylesheet.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ProposalCopy } from "~/components/ProposalCopy.tsx";
import { loadProposalFor } from "~/modules/applications/editor.server.ts";
import { readContent } from "~/modules/applications/proposal-schema.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import stylesheet from "~/styles/proposal.css?url";
import { db } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, pick, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("proposals.receipt.title")) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const locale = resolveLocale(request, user);
  const p = await loadProposalFor(toActor(user), params.proposalId ?? "", "read");
  const submissions = await db().proposalSubmission.findMany({ where: { proposalId: p.id }, orderBy: { submittedAt: "desc" } });
  const names = async () => {
    const [domains, countries] = await Promise.all([db().jvapDomain.findMany(), db().country.findMany({ select: { code: true, nameEn: true, nameFr: true } })]);
    return Object.fromEntries([...domains, ...countries].map((r) => [r.code, pick(r, "name", locale)]));
  };
  return {
    id: p.id,
    reference: p.reference,
    organisation: p.organisation.legalName,
    call: pick(p.call, "title", locale),
    timeZone: p.call.timeZone,
    submissions: submissions.map((s) => ({
      stage: s.stage,
      submittedAt: s.submittedAt.toISOString(),
      content: readContent(s.content, s.stage === "CONCEPT_NOTE" ? "CONCEPT_NOTE" : "FULL_APPLICATION"),
      documents: (Array.isArray(s.documents) ? s.documents : []) as { requirementCode?: string; filename?: string }[],
    })),
    names: submissions.length > 0 ? await names() : {},
  };
});

export default function Receipt() {
  const { id, reference, organisation, call, timeZone, submissions, names } = useLoaderData<typeof loader>();
  const t = useT();
  const latest = submissions[0];
  return (
    <article className="receipt" aria-labelledby="receipt-title">
      <p className="breadcrumb no-print">
        <Link to={`/proposals/${id}`}>← {t("proposals.edit.back")}</Link>
      </p>
      <h1 id="receipt-title">{t("proposals.receipt.title")}</h1>
      {!latest ? (
        <p className="empty">{t("proposals.receipt.none")}</p>
      ) : (
        <>
          <p className="notice notice--success no-print">{t("proposals.receipt.thanks")}</p>
          <dl className="facts">
            <div>
              <dt>{t("proposals.receipt.reference")}</dt>
              <dd data-reference>{reference}</dd>
            </div>
            <div>
              <dt>{t("proposals.receipt.submittedAt")}</dt>
              <dd>
                <time dateTime={latest.submittedAt}>{formatDateTime(latest.submittedAt, t.locale, timeZone)}</time>
              </dd>
            </div>
            <div>
              <dt>{t("proposals.overview.call")}</dt>
              <dd>{call}</dd>
            </div>
            <div>
              <dt>{t("proposals.new.organisation")}</dt>
              <dd>{organisation}</dd>
            </div>
          </dl>
          <p className="no-print">
            <button type="button" className="button" onClick={() => window.print()}>
              {t("proposals.receipt.print")}
            </button>
          </p>
          {submissions.map((s) => (
            <section key={s.stage} aria-labelledby={`copy-${s.stage}`}>
              <h2 id={`copy-${s.stage}`}>
                {t("proposals.receipt.copy")} — {t(`proposals.stage.${s.stage === "CONCEPT_NOTE" ? "CONCEPT_NOTE" : "FULL_APPLICATION"}`)}
              </h2>
              <ProposalCopy content={s.content} names={names} />
              <h3>{t("proposals.receipt.documents")}</h3>
              {s.documents.length === 0 ? (
                <p>{t("proposals.receipt.noDocuments")}</p>
              ) : (
                <ul>
                  {s.documents.map((d, i) => (
                    <li key={i}>
                      {d.requirementCode}: {d.filename}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}
        </>
      )}
    </article>
  );
}
