// A proposal's documents: what the call asks for at the proposal's stage (required or
// optional, named in the reader's language), the current file of each with its size and
// date, earlier versions, and an uploader per requirement while the proposal is a draft.
// Members of the proposal's organisation and grant managers only; anyone else gets 404.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DocumentUploader } from "~/components/DocumentUploader.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { formatBytes } from "~/modules/documents/upload-rules.ts";
import { proposalDocumentsView, type VersionRow } from "~/modules/documents/uploads.server.ts";
import { formatDate } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT, type Translate } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, data ? translator(locale)("uploads.pageTitle", { reference: data.view.proposal.reference }) : undefined) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const locale = resolveLocale(request, user);
  const view = await proposalDocumentsView(toActor(user), params.proposalId ?? "", locale);
  return { view };
});

function FileLine({ version, t }: { version: VersionRow; t: Translate }) {
  return (
    <>
      <a href={`/documents/${encodeURIComponent(version.id)}/download`} download aria-label={t("uploads.download", { filename: version.filename })}>
        {version.filename}
      </a>{" "}
      <span className="muted">{t("uploads.fileInfo", { size: formatBytes(version.sizeBytes, t), date: formatDate(version.createdAt, t.locale) })}</span>
    </>
  );
}

export default function ProposalDocuments() {
  const { view } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main id="main" className="page">
      <header className="page-header">
        <p className="muted">
          {view.proposal.reference} · {view.proposal.title}
        </p>
        <h1>{t("uploads.title")}</h1>
        <p>{t("uploads.stage", { stage: t(view.stage === "CONCEPT_NOTE" ? "uploads.stage.CONCEPT_NOTE" : "uploads.stage.FULL_APPLICATION") })}</p>
        <p>{t("uploads.intro", { max: formatBytes(view.maxBytes, t) })}</p>
        {!view.canUpload ? (
          <p className="notice" role="status">
            {t("uploads.locked")}
          </p>
        ) : null}
        <p>
          <Link to={`/proposals/${encodeURIComponent(view.proposal.id)}`}>{t("uploads.backToProposal")}</Link>
        </p>
      </header>
      {view.requirements.length === 0 ? <p className="empty">{t("uploads.none")}</p> : null}
      {view.requirements.map((r) => {
        const headingId = `req-${r.code}`;
        return (
          <section key={r.code} className="card" aria-labelledby={headingId} data-requirement={r.code}>
            <h2 id={headingId}>
              {r.name} <span className={r.required ? "badge" : "badge badge--muted"}>{r.required ? t("uploads.required") : t("uploads.optional")}</span>
            </h2>
            <p>
              <strong>{t("uploads.current")}:</strong> {r.current ? <FileLine version={r.current} t={t} /> : <span className="muted">{t("uploads.noFile")}</span>}
            </p>
            {r.previous.length > 0 ? (
              <details>
                <summary>{t("uploads.previousVersions", { count: r.previous.length })}</summary>
                <ul>
                  {r.previous.map((v) => (
                    <li key={v.id}>
                      <FileLine version={v} t={t} />
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
            {view.canUpload ? <DocumentUploader proposalId={view.proposal.id} requirementCode={r.code} requirementName={r.name} hasCurrent={r.current !== null} /> : null}
          </section>
        );
      })}
    </main>
  );
}
