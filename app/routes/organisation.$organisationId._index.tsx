// One organisation: its profile, its documents (statutes, registration certificate) with
// an upload form, and links to edit it and to its members. Members only (staff who may read
// any organisation see it too); anyone else gets "not found", whatever id they type.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { fieldId } from "~/components/Field.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { requireOrganisationAccess } from "~/modules/organisations/access.server.ts";
import { SelectField } from "~/modules/organisations/OrganisationForm.tsx";
import { checkUploadedFile, deleteOrganisationDocument, listOrganisationDocuments, uploadOrganisationDocument } from "~/modules/organisations/organisation-documents.server.ts";
import { getOrganisationProfile } from "~/modules/organisations/organisations.server.ts";
import { DOCUMENT_KINDS, DocumentDeleteSchema, DocumentKindSchema, MAX_DOCUMENT_BYTES } from "~/modules/organisations/schemas.ts";
import { readUploadForm } from "~/modules/organisations/upload.server.ts";
import { formatDate, formatNumber } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, useT, type Locale } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm, type FieldErrors } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, data?.profile.legalName) }];
};

const DONE = ["created", "saved", "uploaded", "deleted", "joined"] as const;
type Done = (typeof DONE)[number];

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  // Members of this organisation (or staff allowed to read any); others get 404.
  const user = await requireUser(request);
  const actor = toActor(user);
  const organisationId = params.organisationId ?? "";
  const locale = resolveLocale(request, user);
  const profile = await getOrganisationProfile(actor, organisationId, locale);
  const documents = await listOrganisationDocuments(actor, organisationId);
  const done = new URL(request.url).searchParams.get("done");
  return { profile, documents, done: (DONE as readonly string[]).includes(done ?? "") ? (done as Done) : null };
});

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  // Members who may update the organisation (the permission table): checked before the
  // upload is read, and again by the service.
  const user = await requireUser(request);
  const actor = toActor(user);
  const organisationId = params.organisationId ?? "";
  requireOrganisationAccess(actor, organisationId, "update");
  const meta = { ipAddress: clientAddress(request) };
  const back = `/organisation/${organisationId}`;

  if (!/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) {
    const parsed = parseWith(await readForm(request), DocumentDeleteSchema);
    if (!parsed.ok) return invalid({ form: ["errors.badForm"] });
    await deleteOrganisationDocument(actor, organisationId, parsed.data.documentId, meta);
    return redirect(`${back}?done=deleted#documents`);
  }

  const upload = await readUploadForm(request, { fileField: "file", maxFileBytes: MAX_DOCUMENT_BYTES });
  const kind = DocumentKindSchema.safeParse(upload.fields.kind);
  const values = { kind: upload.fields.kind ?? "" };
  if (!kind.success) {
    const errors: FieldErrors = { kind: ["organisation.documents.errors.kindRequired"] };
    const file = checkUploadedFile(upload.file, upload.tooLarge);
    if (file.error) errors.file = [file.error];
    return invalid(errors, values);
  }
  const result = await uploadOrganisationDocument(actor, organisationId, { kind: kind.data, file: upload.file, tooLarge: upload.tooLarge }, meta);
  if (!result.ok) return invalid(result.fieldErrors, values);
  return redirect(`${back}?done=uploaded#documents`);
});

function formatSize(bytes: number, locale: Locale): string {
  if (bytes < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(bytes / 1024)), locale)} ${locale === "fr" ? "Ko" : "KB"}`;
  return `${formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10, locale)} ${locale === "fr" ? "Mo" : "MB"}`;
}

export default function OrganisationPage() {
  const { profile, documents, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === "submitting";
  const errors = actionData?.fieldErrors;
  const values = actionData?.values ?? {};
  const doneMessage: Record<Done, string> = {
    created: t("organisation.created"),
    saved: t("organisation.edit.saved"),
    uploaded: t("organisation.documents.uploaded"),
    deleted: t("organisation.documents.deleted"),
    joined: t("organisation.joined", { organisation: profile.legalName }),
  };
  const none = <span className="muted">{t("organisation.field.none")}</span>;
  const kindChoices = DOCUMENT_KINDS.map((k) => ({ code: k, name: t(`organisation.documents.kind.${k}`) }));
  const fileErrors = errors?.file;
  return (
    <>
      <header className="page-header">
        <p className="muted">{t("organisation.title")}</p>
        <h1>
          {profile.legalName}
          {profile.acronym ? ` (${profile.acronym})` : ""}
        </h1>
        {profile.viewerRole ? <p className="muted">{t("organisation.yourRole", { role: t(`organisation.role.${profile.viewerRole}`) })}</p> : null}
      </header>
      {done && !actionData ? (
        <p className="notice" role="status">
          {doneMessage[done]}
        </p>
      ) : null}

      <section aria-labelledby="details-title" className="card">
        <h2 id="details-title">{t("organisation.details")}</h2>
        <dl className="facts">
          <div>
            <dt>{t("organisation.field.type")}</dt>
            <dd>{profile.typeName}</dd>
          </div>
          <div>
            <dt>{t("organisation.field.country")}</dt>
            <dd>{profile.countryName}</dd>
          </div>
          {profile.originCountries.length > 0 ? (
            <div>
              <dt>{t("organisation.field.originCountries")}</dt>
              <dd>
                <ul className="tags">
                  {profile.originCountries.map((c) => (
                    <li key={c.code}>{c.name}</li>
                  ))}
                </ul>
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t("organisation.fact.registrationNumber")}</dt>
            <dd>{profile.registrationNumber ?? none}</dd>
          </div>
          <div>
            <dt>{t("organisation.field.yearFounded")}</dt>
            <dd>{profile.yearFounded ?? none}</dd>
          </div>
          <div>
            <dt>{t("organisation.fact.address")}</dt>
            <dd style={{ whiteSpace: "pre-line" }}>{profile.address ?? none}</dd>
          </div>
          <div>
            <dt>{t("organisation.fact.website")}</dt>
            <dd>
              {profile.website ? (
                <a href={profile.website} rel="noopener noreferrer nofollow" target="_blank">
                  {profile.website}
                </a>
              ) : (
                none
              )}
            </dd>
          </div>
        </dl>
        <p style={{ display: "flex", gap: "1rem", flexWrap: "wrap" }}>
          {profile.canEdit ? (
            <Link className="button button--secondary" to={`/organisation/${profile.id}/edit`}>
              {t("organisation.edit.link")}
            </Link>
          ) : null}
          <Link className="button button--secondary" to={`/organisation/${profile.id}/members`}>
            {t("organisation.members.link")} ({formatNumber(profile.memberCount, t.locale)})
          </Link>
        </p>
      </section>

      <section aria-labelledby="documents-title" id="documents" tabIndex={-1}>
        <h2 id="documents-title">{t("organisation.documents.title")}</h2>
        <p>{t("organisation.documents.intro")}</p>
        {documents.documents.length === 0 ? (
          <p className="empty">{t("organisation.documents.none")}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="documents-title" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("organisation.documents.kind")}</th>
                  <th scope="col">{t("organisation.documents.name")}</th>
                  <th scope="col" className="num">
                    {t("organisation.documents.size")}
                  </th>
                  <th scope="col">{t("organisation.documents.uploadedAt")}</th>
                  <th scope="col">{t("organisation.documents.uploadedBy")}</th>
                  {documents.canDelete ? (
                    <th scope="col">
                      <span className="visually-hidden">{t("organisation.members.actions")}</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {documents.documents.map((d) => (
                  <tr key={d.id}>
                    <td>{d.kind ? t(`organisation.documents.kind.${d.kind}`) : ""}</td>
                    <td>
                      <a href={`/organisation/documents/${d.id}/download`} aria-label={t("organisation.documents.download", { name: d.filename })}>
                        {d.filename}
                      </a>
                    </td>
                    <td className="num nowrap">{formatSize(d.sizeBytes, t.locale)}</td>
                    <td className="nowrap">
                      <time dateTime={d.createdAt}>{formatDate(d.createdAt, t.locale, "Europe/Vienna")}</time>
                    </td>
                    <td>{d.uploadedBy ?? ""}</td>
                    {documents.canDelete ? (
                      <td>
                        <Form method="post" action={`/organisation/${profile.id}`}>
                          <input type="hidden" name="intent" value="delete" />
                          <input type="hidden" name="documentId" value={d.id} />
                          <button type="submit" className="button button--small button--secondary" aria-label={t("organisation.documents.deleteLabel", { name: d.filename })}>
                            {t("organisation.documents.delete")}
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}

        {documents.canUpload ? (
          <div className="card" style={{ marginTop: "1.5rem" }}>
            <h3>{t("organisation.documents.uploadTitle")}</h3>
            <ErrorSummary errors={errors} labels={{ kind: t("organisation.documents.kind"), file: t("organisation.documents.file") }} />
            <Form method="post" action={`/organisation/${profile.id}`} encType="multipart/form-data" noValidate className="form">
              <SelectField name="kind" label={t("organisation.documents.kind")} choices={kindChoices} placeholder={t("organisation.field.choose")} required defaultValue={values.kind ?? ""} errors={errors?.kind} />
              <div className={fileErrors?.length ? "field field--error" : "field"}>
                <label htmlFor={fieldId("file")}>{t("organisation.documents.file")}</label>
                <p id={`${fieldId("file")}-hint`} className="field__hint">
                  {t("organisation.documents.fileHint")}
                </p>
                {fileErrors?.length ? (
                  <p id={`${fieldId("file")}-error`} className="field__error">
                    {t.maybe(fileErrors[0]!)}
                  </p>
                ) : null}
                <input
                  id={fieldId("file")}
                  name="file"
                  type="file"
                  required
                  accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                  aria-invalid={fileErrors?.length ? true : undefined}
                  aria-describedby={[`${fieldId("file")}-hint`, fileErrors?.length ? `${fieldId("file")}-error` : null].filter(Boolean).join(" ")}
                />
              </div>
              <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
                {t("organisation.documents.upload")}
              </button>
            </Form>
          </div>
        ) : null}
      </section>
    </>
  );
}
