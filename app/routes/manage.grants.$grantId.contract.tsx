// /manage/grants/:grantId/contract (grant managers): the contract's terms while the grant is
// in contracting (saving regenerates the instalments and the reports), the planned amounts of
// the instalments (they must add up to the grant amount), the reports' due dates, and the
// signed contract's upload (a multipart form; the file is checked by its bytes).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field, fieldId } from "~/components/Field.tsx";
import { GrantContractForm } from "~/components/GrantContractForm.tsx";
import { useReportName } from "~/components/GrantReportsTable.tsx";
import { GrantTabs } from "~/components/GrantTabs.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { TrancheTable } from "~/components/TrancheTable.tsx";
import { formToObject } from "~/modules/applications/proposal-schema.ts";
import { centsToInput } from "~/modules/applications/budget.ts";
import { UPLOAD_ACCEPT } from "~/modules/documents/upload-rules.ts";
import { ContractSchema, contractValues, DueDatesSchema, postedContractValues, ScheduleSchema, toDayInput, type ContractValues } from "~/modules/grants/contract-schema.ts";
import { adjustDueDates, adjustSchedule, grantStateLabel, updateContract, uploadSignedContract } from "~/modules/grants/grants.server.ts";
import { grantManagerAction, loadManagedGrant } from "~/modules/grants/manager-pages.server.ts";
import { MAX_DOCUMENT_BYTES } from "~/modules/organisations/schemas.ts";
import { readUploadForm } from "~/modules/organisations/upload.server.ts";
import callDesignStyles from "~/styles/call-design.css?url";
import { isAppError } from "~/utils/errors.ts";
import { formatMoney } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT, type MessageKey } from "~/utils/i18n.ts";
import { handle, readForm, type FieldErrors } from "~/utils/route.server.ts";

// The tabs and form tables share the call pages' styles.
export const links = () => [{ rel: "stylesheet", href: callDesignStyles }];

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, loaded ? `${translator(locale)("grants.contract.title")} ${loaded.grant.reference}` : undefined) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { locale, view: v, grant: g } = await loadManagedGrant(request, params);
  return {
    grant: { id: g.id, reference: g.reference, title: g.title, state: g.state, stateLabel: grantStateLabel(g.state, locale), version: g.version, amountCents: g.amountCents },
    proposalId: g.proposal.id,
    editable: g.state === "contracting",
    values: contractValues(g),
    tranches: v.tranches,
    reports: v.reports.map((r) => ({ id: r.id, kind: r.kind, number: r.number, dueDate: toDayInput(r.dueDate), state: r.state })),
    contract: v.contract,
  };
});

type FormName = "contract" | "schedule" | "dueDates" | "upload";
type Failure = { ok: false; form: FormName; fieldErrors: FieldErrors; values?: ContractValues; posted?: Record<string, string> };

const fail = (form: FormName, fieldErrors: FieldErrors, status = 400, extra: Partial<Failure> = {}) => data<Failure>({ ok: false, form, fieldErrors, ...extra }, { status });

function issuesToErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) (errors[issue.path.map(String).join(".") || "form"] ??= []).push(issue.message);
  return errors;
}

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const { actor, locale, grantId, meta } = await grantManagerAction(request, params, "update");
  const back = `/manage/grants/${grantId}/contract`;

  if (/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) {
    const upload = await readUploadForm(request, { fileField: "file", maxFileBytes: MAX_DOCUMENT_BYTES });
    const result = await uploadSignedContract(actor, grantId, upload, meta);
    if (!result.ok) return fail("upload", result.fieldErrors);
    return redirect(`${back}?done=uploaded`);
  }

  const form = await readForm(request);
  const intent = form.get("intent");
  const raw = formToObject(form, ["intent"]);
  const formName: FormName = intent === "schedule" ? "schedule" : intent === "dueDates" ? "dueDates" : "contract";
  try {
    if (intent === "contract") {
      const parsed = ContractSchema.safeParse(raw);
      if (!parsed.success) return fail("contract", issuesToErrors(parsed.error.issues), 400, { values: postedContractValues(raw) });
      const { changed } = await updateContract(actor, grantId, parsed.data, meta);
      return redirect(`${back}?done=${changed.length ? "saved" : "unchanged"}`);
    }
    if (intent === "schedule") {
      const parsed = ScheduleSchema.safeParse(raw);
      const posted = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
      if (!parsed.success) return fail("schedule", issuesToErrors(parsed.error.issues), 400, { posted });
      try {
        await adjustSchedule(actor, grantId, parsed.data, meta);
      } catch (error) {
        if (!isAppError(error) || error.message !== "grants.error.scheduleSum") throw error;
        // The amounts do not add up: say by how much, in money.
        const d = error.details ?? {};
        const money = (v: unknown) => formatMoney(typeof v === "number" ? v : 0, locale);
        const message = translator(locale)("grants.error.scheduleSum", { total: money(d.total), amount: money(d.amount), difference: money(Math.abs(Number(d.difference ?? 0))) });
        return fail("schedule", { tranches: [message] }, 400, { posted });
      }
      return redirect(`${back}?done=schedule`);
    }
    if (intent === "dueDates") {
      const parsed = DueDatesSchema.safeParse(raw);
      if (!parsed.success) return fail("dueDates", issuesToErrors(parsed.error.issues));
      await adjustDueDates(actor, grantId, parsed.data, meta);
      return redirect(`${back}?done=dueDates`);
    }
    return fail("contract", { form: ["errors.badForm"] });
  } catch (error) {
    if (isAppError(error) && (error.code === "conflict" || error.code === "transition_refused" || error.code === "bad_request")) {
      const field = typeof error.details?.field === "string" ? error.details.field : "form";
      return fail(formName, { [field]: [error.message] }, error.status);
    }
    throw error;
  }
});

const DONE: Record<string, MessageKey> = {
  saved: "grants.contract.saved",
  unchanged: "grants.contract.unchanged",
  schedule: "grants.contract.scheduleSaved",
  dueDates: "grants.contract.dueDatesSaved",
  uploaded: "grants.contract.uploaded",
};

export default function GrantContract() {
  const { grant, proposalId, editable, values, tranches, reports, contract } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const reportName = useReportName();
  const busy = navigation.state === "submitting";
  const errorsFor = (form: FormName) => (actionData && !actionData.ok && actionData.form === form ? actionData.fieldErrors : undefined);
  const done = params.get("done");
  const doneKey = done ? DONE[done] : undefined;
  const posted = actionData && !actionData.ok ? actionData.posted : undefined;
  const scheduleErrors = errorsFor("schedule");
  const dueErrors = errorsFor("dueDates");
  const uploadErrors = errorsFor("upload");
  return (
    <article aria-labelledby="contract-title">
      <header className="page-header">
        <p className="muted">{grant.reference}</p>
        <h1 id="contract-title">
          {t("grants.contract.title")}: {grant.title}
        </h1>
        <StatusBadge state={grant.state} label={grant.stateLabel} />
      </header>
      <GrantTabs grantId={grant.id} proposalId={proposalId} current="contract" />
      {params.get("created") && !actionData ? (
        <p className="notice" role="status">
          {t("grants.overview.created")}
        </p>
      ) : null}
      {doneKey && !actionData ? (
        <p className="notice" role="status">
          {t(doneKey)}
        </p>
      ) : null}

      {editable ? (
        <section className="card">
          <GrantContractForm
            key={`${grant.version}-${actionData && !actionData.ok && actionData.form === "contract" ? "posted" : "saved"}`}
            values={(actionData && !actionData.ok && actionData.form === "contract" ? actionData.values : undefined) ?? values}
            version={grant.version}
            errors={errorsFor("contract")}
            busy={busy}
          />
        </section>
      ) : (
        <p className="notice">{t("grants.contract.locked")}</p>
      )}

      <section aria-labelledby="schedule-title" className="card">
        <h2 id="schedule-title">{t("grants.contract.schedule")}</h2>
        <TrancheTable tranches={tranches} amountCents={grant.amountCents} showExplanation={!editable} />
        {editable ? (
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="schedule" />
            <input type="hidden" name="version" value={grant.version} />
            <ErrorSummary errors={scheduleErrors} />
            <p id="schedule-hint" className="field__hint">
              {t("grants.contract.scheduleHint", { amount: formatMoney(grant.amountCents, t.locale) })}
            </p>
            <div id={fieldId("tranches")}>
              {tranches.map((tr, i) => (
                <div key={tr.id}>
                  <input type="hidden" name={`tranches.${i}.id`} value={tr.id} />
                  <Field
                    name={`tranches.${i}.amount`}
                    label={`${t("grants.tranche.number")} ${tr.number}`}
                    inputMode="decimal"
                    defaultValue={posted?.[`tranches.${i}.amount`] ?? centsToInput(tr.plannedAmountCents)}
                    aria-describedby="schedule-hint"
                    errors={scheduleErrors?.[`tranches.${i}.amount`]}
                  />
                </div>
              ))}
            </div>
            <button type="submit" className="button button--secondary" disabled={busy}>
              {t("grants.contract.saveSchedule")}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="due-title" className="card">
        <h2 id="due-title">{t("grants.contract.dueDates")}</h2>
        <p className="field__hint">{t("grants.contract.dueDatesHint")}</p>
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="dueDates" />
          <input type="hidden" name="version" value={grant.version} />
          <ErrorSummary errors={dueErrors} />
          {reports.map((r, i) => (
            <div key={r.id}>
              <input type="hidden" name={`reports.${i}.id`} value={r.id} />
              <Field name={`reports.${i}.dueDate`} type="date" label={reportName(r)} defaultValue={r.dueDate} disabled={r.state === "approved"} errors={dueErrors?.[`reports.${i}.dueDate`]} />
            </div>
          ))}
          <button type="submit" className="button button--secondary" disabled={busy || reports.length === 0}>
            {t("grants.contract.saveDueDates")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="upload-title" className="card">
        <h2 id="upload-title">{t("grants.contract.upload")}</h2>
        {contract ? (
          <p>
            {t("grants.facts.signedContract")}: <a href={`/documents/${contract.id}/download`}>{contract.filename}</a>
          </p>
        ) : (
          <p className="muted">{t("grants.facts.noContract")}</p>
        )}
        {editable ? (
          <Form method="post" encType="multipart/form-data" className="form">
            <ErrorSummary errors={uploadErrors} labels={{ file: t("grants.contract.file") }} />
            <div className={uploadErrors?.file ? "field field--error" : "field"}>
              <label htmlFor={fieldId("file")}>{t("grants.contract.file")}</label>
              <p id={`${fieldId("file")}-hint`} className="field__hint">
                {t("grants.contract.uploadHint")}
              </p>
              {uploadErrors?.file ? (
                <p id={`${fieldId("file")}-error`} className="field__error">
                  {t.maybe(uploadErrors.file[0]!)}
                </p>
              ) : null}
              <input
                id={fieldId("file")}
                name="file"
                type="file"
                accept={UPLOAD_ACCEPT}
                required
                aria-invalid={uploadErrors?.file ? true : undefined}
                aria-describedby={uploadErrors?.file ? `${fieldId("file")}-hint ${fieldId("file")}-error` : `${fieldId("file")}-hint`}
              />
            </div>
            <button type="submit" className="button" disabled={busy}>
              {t("grants.contract.uploadButton")}
            </button>
          </Form>
        ) : null}
      </section>
    </article>
  );
}
