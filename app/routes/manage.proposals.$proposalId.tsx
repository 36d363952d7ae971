// /manage/proposals/:proposalId (grant managers): one submitted proposal as it was frozen at
// submission, the lead applicant's facts, its documents, the administrative checklist
// (pre-answered from the data, confirmed by the grant manager), pass / reject with a reason,
// and the proposal's history in staff words.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Fact } from "~/components/Facts.tsx";
import { ScreeningChecklist, type ScreeningChecklistItem } from "~/components/ScreeningChecklist.tsx";
import { ScreeningTimeline, type ScreeningTimelineEvent } from "~/components/ScreeningTimeline.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { ChecklistSchema, DecisionSchema, REASON_MAX } from "~/modules/applications/screening-schema.ts";
import { decide, getProposalForScreening, requireScreener, saveChecklist, staffStateLabel } from "~/modules/applications/screening.server.ts";
import { can } from "~/modules/auth/permissions.ts";
import { grantOfProposal } from "~/modules/grants/grants.server.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { isAppError } from "~/utils/errors.ts";
import { formatDateTime, formatMoney } from "~/utils/format.ts";
import { isMessageKey, localeFromMatches, pageTitle, pick, translator, useT, type MessageKey } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, parseWith, readForm } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, loaded ? `${loaded.proposal.reference} ${loaded.proposal.title}` : undefined) }];
};

const KNOWN_CONTENT = new Set(["stage", "title", "summary", "durationMonths", "requestedAmountCents", "totalCostCents", "jvapDomainCodes", "targetCountryCodes"]);

function readContent(raw: unknown) {
  const c = (typeof raw === "object" && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const num = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) ? v : null);
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  // Other sections the proposal form may add: text and numbers are shown as they are.
  const other = Object.entries(c)
    .filter(([k, v]) => !KNOWN_CONTENT.has(k) && (typeof v === "string" || typeof v === "number") && String(v).trim() !== "")
    .map(([k, v]) => ({ key: k, value: String(v) }));
  return {
    title: str(c.title),
    summary: str(c.summary),
    durationMonths: num(c.durationMonths),
    requestedAmountCents: num(c.requestedAmountCents),
    totalCostCents: num(c.totalCostCents),
    jvapDomainCodes: list(c.jvapDomainCodes),
    targetCountryCodes: list(c.targetCountryCodes),
    other,
  };
}

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireScreener(actor);
  const locale = resolveLocale(request, user);
  const t = translator(locale);
  const s = await getProposalForScreening(actor, params.proposalId ?? "");
  const { proposal } = s;
  const o = proposal.organisation;
  const call = proposal.call;
  const checklist: ScreeningChecklistItem[] = s.checklist.map((item) => ({
    code: item.code,
    label:
      item.kind === "document" && item.document
        ? t("screening.item.document", { name: pick(item.document, "name", locale) || item.document.code })
        : item.kind === "amount"
          ? t("screening.item.amount", { min: formatMoney(call.minGrantCents, locale), max: formatMoney(call.maxGrantCents, locale) })
          : t(`screening.item.${item.kind}` as MessageKey),
    auto: item.auto,
    value: item.manual ?? item.auto ?? "",
  }));
  const timeline: ScreeningTimelineEvent[] = s.timeline.map((e) => {
    const d = (typeof e.data === "object" && e.data !== null ? e.data : {}) as { event?: { reason?: unknown } };
    const key = `screening.action.${e.action}`;
    return {
      id: e.id,
      at: e.at.toISOString(),
      action: isMessageKey(key) ? t(key) : t("screening.action.other"),
      actor: e.actor?.name ?? null,
      from: e.fromState ? staffStateLabel(e.fromState, locale) : null,
      to: e.toState ? staffStateLabel(e.toState, locale) : null,
      reason: typeof d.event?.reason === "string" ? d.event.reason : null,
    };
  });
  return {
    proposal: {
      id: proposal.id,
      reference: proposal.reference,
      title: proposal.title,
      state: proposal.state,
      stateLabel: staffStateLabel(proposal.state, locale),
      version: proposal.version,
      submittedAt: proposal.submittedAt?.toISOString() ?? null,
    },
    call: { id: call.id, reference: call.reference, title: pick(call, "title", locale), timeZone: call.timeZone },
    stage: s.stage,
    deadline: s.deadline?.toISOString() ?? null,
    content: readContent(s.content),
    organisation: {
      legalName: o.legalName,
      acronym: o.acronym,
      type: pick(o.type, "name", locale),
      country: pick(o.country, "name", locale),
      registrationNumber: o.registrationNumber,
      yearFounded: o.yearFounded,
    },
    partners: proposal.partners.map((p) => ({ id: p.id, name: p.name, countryCode: p.countryCode, typeCode: p.typeCode })),
    documents: proposal.documents.map((d) => ({ id: d.document.id, filename: d.document.filename, requirementCode: d.requirementCode, stage: d.stage, sizeBytes: d.document.sizeBytes })),
    checklist,
    note: s.check.note,
    decision: s.check.decision ?? null,
    canDecide: s.canDecide,
    timeline,
    // Awarded: the grant is prepared from here; once it exists, a link to it.
    grant: can(actor, "grant", "read") ? await grantOfProposal(proposal.id) : null,
    canPrepareGrant: proposal.state === "awarded" && can(actor, "grant", "create"),
  };
});

type FormName = "checklist" | "decide";

function failed(form: FormName, fieldErrors: Record<string, string[]>, values: Record<string, string>, status = 400) {
  return data({ ok: false as const, form, fieldErrors, values }, { status });
}

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireScreener(actor);
  const proposalId = params.proposalId ?? "";
  const form = await readForm(request);
  const intent = form.get("intent");
  const ipAddress = clientAddress(request);
  const form_: FormName = intent === "checklist" ? "checklist" : "decide";
  try {
    if (intent === "checklist") {
      const parsed = parseWith(form, ChecklistSchema);
      if (!parsed.ok) return failed("checklist", parsed.fieldErrors, parsed.values);
      await saveChecklist(actor, proposalId, parsed.data, { ipAddress });
      return redirect(`/manage/proposals/${proposalId}?saved=checklist`);
    }
    if (intent === "decide") {
      const parsed = parseWith(form, DecisionSchema);
      if (!parsed.ok) return failed("decide", parsed.fieldErrors, parsed.values);
      await decide(actor, proposalId, parsed.data.decision, parsed.data.reason, parsed.data.version, { ipAddress });
      return redirect(`/manage/proposals/${proposalId}?done=${parsed.data.decision}`);
    }
    return failed("decide", { form: ["errors.badForm"] }, {});
  } catch (error) {
    if (isAppError(error) && (error.code === "conflict" || error.code === "transition_refused" || error.code === "bad_request")) {
      const field = typeof error.details?.field === "string" ? error.details.field : "form";
      return failed(form_, { [field]: [error.message] }, {}, error.status);
    }
    throw error;
  }
});

export default function ScreenProposal() {
  const { proposal, call, stage, deadline, content, organisation, partners, documents, checklist, note, decision, canDecide, timeline, grant, canPrepareGrant } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === "submitting";
  const errorsFor = (form: FormName) => (actionData && !actionData.ok && actionData.form === form ? actionData.fieldErrors : undefined);
  const decideErrors = errorsFor("decide");
  const checklistErrors = errorsFor("checklist");
  const done = params.get("done");
  const anyNo = checklist.some((i) => i.value === "no");
  return (
    <article aria-labelledby="proposal-title">
      <p className="breadcrumb">
        <Link to={`/manage/calls/${call.id}/proposals`}>{t("screening.detail.openList")}</Link> · {call.reference}
      </p>
      <header className="page-header">
        <p className="muted">{proposal.reference}</p>
        <h1 id="proposal-title">{proposal.title}</h1>
        <StatusBadge state={proposal.state} label={proposal.stateLabel} />
        {proposal.submittedAt ? (
          <p className="muted">{t("screening.detail.submittedBy", { organisation: organisation.legalName, date: formatDateTime(proposal.submittedAt, t.locale, call.timeZone) })}</p>
        ) : null}
      </header>

      {done === "pass" || done === "fail" ? (
        <p className="notice" role="status">
          {t(done === "pass" ? "screening.decision.done.pass" : "screening.decision.done.fail")}
        </p>
      ) : null}
      {params.get("saved") === "checklist" && !actionData ? (
        <p className="notice" role="status">
          {t("screening.checklist.saved")}
        </p>
      ) : null}

      <section aria-labelledby="content-title" className="card">
        <h2 id="content-title">
          {t("screening.detail.asSubmitted")} ({t(`screening.detail.stage.${stage}`)})
        </h2>
        <dl className="facts">
          {content.summary ? (
            <div>
              <dt>{t("screening.detail.summary")}</dt>
              <dd className="prose">{content.summary}</dd>
            </div>
          ) : null}
          {content.durationMonths !== null ? <Fact label={t("screening.detail.duration")}>{t("screening.detail.months", { months: content.durationMonths })}</Fact> : null}
          {content.requestedAmountCents !== null ? <Fact label={t("screening.detail.amount")}>{formatMoney(content.requestedAmountCents, t.locale)}</Fact> : null}
          {content.totalCostCents !== null ? <Fact label={t("screening.detail.totalCost")}>{formatMoney(content.totalCostCents, t.locale)}</Fact> : null}
          {content.jvapDomainCodes.length ? <Fact label={t("screening.detail.jvap")}>{content.jvapDomainCodes.join(", ")}</Fact> : null}
          {content.targetCountryCodes.length ? <Fact label={t("screening.detail.targetCountries")}>{content.targetCountryCodes.join(", ")}</Fact> : null}
          <Fact label={t("screening.detail.deadline")}>{deadline ? formatDateTime(deadline, t.locale, call.timeZone) : t("screening.detail.none")}</Fact>
        </dl>
        {content.other.length ? (
          <>
            <h3>{t("screening.detail.otherContent")}</h3>
            <dl className="facts">
              {content.other.map((o) => (
                <div key={o.key}>
                  <dt>{o.key}</dt>
                  <dd className="prose">{o.value}</dd>
                </div>
              ))}
            </dl>
          </>
        ) : null}
      </section>

      <section aria-labelledby="org-title" className="card">
        <h2 id="org-title">{t("screening.detail.organisation")}</h2>
        <dl className="facts">
          <Fact label={t("screening.detail.orgName")}>{organisation.acronym ? `${organisation.legalName} (${organisation.acronym})` : organisation.legalName}</Fact>
          <Fact label={t("screening.detail.orgType")}>{organisation.type}</Fact>
          <Fact label={t("screening.detail.orgCountry")}>{organisation.country}</Fact>
          {organisation.registrationNumber ? <Fact label={t("screening.detail.orgRegistration")}>{organisation.registrationNumber}</Fact> : null}
          {organisation.yearFounded ? <Fact label={t("screening.detail.orgFounded")}>{organisation.yearFounded}</Fact> : null}
        </dl>
        <h3>{t("screening.detail.partners")}</h3>
        {partners.length === 0 ? (
          <p className="muted">{t("screening.detail.noPartners")}</p>
        ) : (
          <ul>
            {partners.map((p) => (
              <li key={p.id}>
                {p.name} ({p.countryCode}, {p.typeCode})
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="docs-title" className="card">
        <h2 id="docs-title">{t("screening.detail.documents")}</h2>
        {documents.length === 0 ? (
          <p className="muted">{t("screening.detail.noDocuments")}</p>
        ) : (
          <ul className="doc-list">
            {documents.map((d) => (
              <li key={d.id}>
                <span className="doc-list__name">{d.requirementCode}</span>{" "}
                <a href={`/documents/${d.id}/download`} aria-label={t("screening.detail.download", { filename: d.filename })}>
                  {d.filename}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <ScreeningChecklist items={checklist} note={note} version={proposal.version} editable={canDecide} errors={checklistErrors} busy={busy} />

      <section aria-labelledby="decision-title" className="card">
        <h2 id="decision-title">{t("screening.decision.title")}</h2>
        {decision ? (
          <>
            <p>{t("screening.decision.taken", { outcome: proposal.stateLabel })}</p>
            {decision.reason ? <p>{t("screening.decision.reasonGiven", { reason: decision.reason })}</p> : null}
          </>
        ) : null}
        {canDecide ? (
          <>
            <ErrorSummary errors={decideErrors} labels={{ reason: t("screening.decision.reason") }} />
            {anyNo ? <p className="notice notice--warning">{t("screening.decision.failsFlagged")}</p> : null}
            <Form method="post">
              <input type="hidden" name="intent" value="decide" />
              <input type="hidden" name="decision" value="pass" />
              <input type="hidden" name="version" value={proposal.version} />
              <p className="field__hint">{t("screening.decision.passHint")}</p>
              <button type="submit" className="button" disabled={busy}>
                {t("screening.decision.pass")}
              </button>
            </Form>
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="decide" />
              <input type="hidden" name="decision" value="fail" />
              <input type="hidden" name="version" value={proposal.version} />
              <div className={decideErrors?.reason ? "field field--error" : "field"}>
                <label htmlFor="field-reason">{t("screening.decision.reason")}</label>
                <p id="field-reason-hint" className="field__hint">
                  {t("screening.decision.reasonHint")}
                </p>
                {decideErrors?.reason ? (
                  <p id="field-reason-error" className="field__error">
                    {t.maybe(decideErrors.reason[0] ?? "")}
                  </p>
                ) : null}
                <textarea
                  id="field-reason"
                  name="reason"
                  rows={4}
                  maxLength={REASON_MAX}
                  defaultValue={actionData && !actionData.ok ? (actionData.values.reason ?? "") : ""}
                  aria-invalid={decideErrors?.reason ? true : undefined}
                  aria-describedby={decideErrors?.reason ? "field-reason-hint field-reason-error" : "field-reason-hint"}
                />
              </div>
              <button type="submit" className="button button--secondary" disabled={busy}>
                {t("screening.decision.fail")}
              </button>
            </Form>
          </>
        ) : null}
      </section>

      {grant ? (
        <p className="notice">
          <Link to={`/manage/grants/${grant.id}`}>{t("grants.link.open")}</Link>
        </p>
      ) : canPrepareGrant ? (
        <p className="notice">
          <Link to={`/manage/grants/new?proposalId=${proposal.id}`} className="button">
            {t("grants.link.prepare")}
          </Link>
        </p>
      ) : null}

      <ScreeningTimeline events={timeline} timeZone={call.timeZone} />
    </article>
  );
}
