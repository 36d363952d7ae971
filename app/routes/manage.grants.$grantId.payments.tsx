// /manage/grants/:grantId/payments (grant managers): each instalment with what it waits for,
// planned, due after the 70% rule (and how that was computed), released and paid; a form to
// record the payment of a released instalment (never more than due, never an unreleased one).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field, fieldId } from "~/components/Field.tsx";
import { GrantTabs } from "~/components/GrantTabs.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { TrancheTable } from "~/components/TrancheTable.tsx";
import { centsToInput } from "~/modules/applications/budget.ts";
import { PaymentSchema, toDayInput, toPaymentInput } from "~/modules/grants/contract-schema.ts";
import { grantStateLabel } from "~/modules/grants/grants.server.ts";
import { grantManagerAction, loadManagedGrant, refusedForm } from "~/modules/grants/manager-pages.server.ts";
import { recordPayment } from "~/modules/grants/payments.server.ts";
import callDesignStyles from "~/styles/call-design.css?url";
import { isAppError } from "~/utils/errors.ts";
import { formatMoney } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { handle, parseWith, readForm } from "~/utils/route.server.ts";

// The tabs and form tables share the call pages' styles.
export const links = () => [{ rel: "stylesheet", href: callDesignStyles }];

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, loaded ? `${translator(locale)("grants.payments.title")} ${loaded.grant.reference}` : undefined) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { locale, view: v, grant: g } = await loadManagedGrant(request, params);
  const ended = g.state === "closed" || g.state === "terminated";
  return {
    grant: { id: g.id, reference: g.reference, title: g.title, state: g.state, stateLabel: grantStateLabel(g.state, locale), amountCents: g.amountCents },
    proposalId: g.proposal.id,
    tranches: v.tranches,
    payable: v.canPay && !ended ? v.tranches.filter((t) => t.releasedAt !== null && t.paidAt === null && t.dueAmountCents !== null) : [],
    today: toDayInput(new Date()),
  };
});

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const { actor, grantId, meta } = await grantManagerAction(request, params, "pay");
  const parsed = parseWith(await readForm(request), PaymentSchema);
  if (!parsed.ok) return refusedForm(parsed.fieldErrors, parsed.values);
  try {
    await recordPayment(actor, grantId, toPaymentInput(parsed.data), meta);
  } catch (error) {
    if (isAppError(error) && (error.code === "conflict" || error.code === "bad_request")) {
      const field = typeof error.details?.field === "string" ? error.details.field : "form";
      return refusedForm({ [field]: [error.message] }, { trancheId: parsed.data.trancheId, amount: centsToInput(parsed.data.amount), paidAt: toDayInput(parsed.data.paidAt) }, error.status);
    }
    throw error;
  }
  return redirect(`/manage/grants/${grantId}/payments?done=paid`);
});

export default function GrantPayments() {
  const { grant, proposalId, tranches, payable, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : undefined;
  const values = actionData && !actionData.ok ? actionData.values : {};
  const first = payable[0];
  const labels = { trancheId: t("grants.payments.tranche"), amount: t("grants.payments.amount"), paidAt: t("grants.payments.paidAt") };
  return (
    <article aria-labelledby="payments-title">
      <header className="page-header">
        <p className="muted">{grant.reference}</p>
        <h1 id="payments-title">
          {t("grants.payments.title")}: {grant.title}
        </h1>
        <StatusBadge state={grant.state} label={grant.stateLabel} />
      </header>
      <GrantTabs grantId={grant.id} proposalId={proposalId} current="payments" />
      {params.get("done") === "paid" && !actionData ? (
        <p className="notice" role="status">
          {t("grants.payments.saved")}
        </p>
      ) : null}

      <section aria-labelledby="tranches-title" className="card">
        <h2 id="tranches-title">{t("grants.overview.tranches")}</h2>
        <p className="field__hint">{t("grants.payments.rule")}</p>
        <TrancheTable tranches={tranches} amountCents={grant.amountCents} />
      </section>

      <section aria-labelledby="record-title" className="card">
        <h2 id="record-title">{t("grants.payments.record")}</h2>
        {payable.length === 0 ? (
          <p className="muted">{t("grants.payments.nothingToPay")}</p>
        ) : (
          <Form method="post" className="form">
            <ErrorSummary errors={errors} labels={labels} />
            <div className={errors?.trancheId ? "field field--error" : "field"}>
              <label htmlFor={fieldId("trancheId")}>{labels.trancheId}</label>
              {errors?.trancheId ? (
                <p id={`${fieldId("trancheId")}-error`} className="field__error">
                  {t.maybe(errors.trancheId[0]!)}
                </p>
              ) : null}
              <select
                id={fieldId("trancheId")}
                name="trancheId"
                defaultValue={values.trancheId ?? first?.id}
                aria-invalid={errors?.trancheId ? true : undefined}
                aria-describedby={errors?.trancheId ? `${fieldId("trancheId")}-error` : undefined}
              >
                {payable.map((p) => (
                  <option key={p.id} value={p.id}>
                    {t("grants.payments.option", { number: p.number, amount: formatMoney(p.dueAmountCents ?? 0, t.locale) })}
                  </option>
                ))}
              </select>
            </div>
            <Field name="amount" label={labels.amount} hint={t("grants.payments.amountHint")} inputMode="decimal" defaultValue={values.amount ?? centsToInput(first?.dueAmountCents ?? 0)} errors={errors?.amount} required />
            <Field name="paidAt" type="date" label={labels.paidAt} defaultValue={values.paidAt ?? today} max={today} errors={errors?.paidAt} required />
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              {t("grants.payments.save")}
            </button>
          </Form>
        )}
      </section>
    </article>
  );
}
