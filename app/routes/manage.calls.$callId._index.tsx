// /manage/calls/:callId (grant managers; admins read): one call at a glance. A draft lists
// what still stops it from being published (links to the fields); the buttons are the
// lifecycle steps the machine allows now and the user may take; notices are listed.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { CallNotices } from "~/components/CallNotices.tsx";
import { CallProblems } from "~/components/CallProblems.tsx";
import { CallTabs } from "~/components/CallTabs.tsx";
import { Deadline } from "~/components/Deadline.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { can } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { LIFECYCLE_INTENTS, LifecycleSchema } from "~/modules/calls/call-schema.ts";
import { staffCallHeading } from "~/modules/calls/catalogue.server.ts";
import { availableEvents, callProblems, changeCallState, getCallForDesign, requireCallStaff } from "~/modules/calls/design.server.ts";
import callDesignStyles from "~/styles/call-design.css?url";
import { isAppError } from "~/utils/errors.ts";
import { formatDateTime, formatMoney, formatNumber, formatShare } from "~/utils/format.ts";
import { isMessageKey, localeFromMatches, pageTitle, pick, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, parseWith, readForm } from "~/utils/route.server.ts";

export const links = () => [{ rel: "stylesheet", href: callDesignStyles }];

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, loaded ? `${loaded.call.reference} ${loaded.call.title}`.trim() : translator(locale)("callDesign.list.title")) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  const locale = resolveLocale(request, user);
  const call = await getCallForDesign(actor, params.callId ?? "");
  const now = new Date();
  const problems = call.state === "draft" ? await callProblems(call, now) : [];
  return {
    now: now.toISOString(),
    problems,
    events: availableEvents(call.state, actor),
    canEdit: can(actor, "call", "update"),
    call: {
      ...staffCallHeading(call, locale),
      procedure: call.procedure,
      timeZone: call.timeZone,
      conceptNoteDeadline: call.conceptNoteDeadline?.toISOString() ?? null,
      fullApplicationDeadline: call.fullApplicationDeadline?.toISOString() ?? null,
      totalBudgetCents: call.totalBudgetCents,
      minGrantCents: call.minGrantCents,
      maxGrantCents: call.maxGrantCents,
      maxCofinancingBp: call.maxCofinancingBp,
      proposalCount: call._count.proposals,
      createdAt: call.createdAt.toISOString(),
      publishedAt: call.publishedAt?.toISOString() ?? null,
      closedAt: call.closedAt?.toISOString() ?? null,
    },
    notices: call.notices.map((n) => ({ id: n.id, kind: n.kind, text: pick(n, "text", locale), createdAt: n.createdAt.toISOString() })),
  };
});

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireCallStaff(actor, "read");
  const callId = params.callId ?? "";
  const t = translator(resolveLocale(request, user));
  const parsed = parseWith(await readForm(request), LifecycleSchema);
  if (!parsed.ok) return data({ formError: t.maybe(Object.values(parsed.fieldErrors).flat()[0] ?? "errors.badForm"), problems: null }, { status: 400 });
  try {
    const result = await changeCallState(actor, callId, parsed.data.intent, { expectedVersion: parsed.data.version, ipAddress: clientAddress(request) });
    if (!result.ok) return data({ formError: t("callDesign.overview.publishRefused"), problems: result.problems }, { status: 422 });
    return redirect(`/manage/calls/${callId}?done=${parsed.data.intent}`);
  } catch (error) {
    if (isAppError(error) && (error.code === "conflict" || error.code === "transition_refused")) {
      const message = isMessageKey(error.message) ? t(error.message) : t("callDesign.overview.notPossibleNow");
      return data({ formError: message, problems: null }, { status: error.status });
    }
    throw error;
  }
});

export default function CallOverview() {
  const { call, problems, events, canEdit, notices, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const done = params.get("done");
  const doneEvent = LIFECYCLE_INTENTS.find((e) => e === done);
  const shownProblems = actionData?.problems ?? problems;
  const busy = navigation.state === "submitting";
  const restricted = call.procedure === "RESTRICTED";
  return (
    <article aria-labelledby="call-title">
      <CallTabs callId={call.id} state={call.state} current="overview" canEdit={canEdit} />
      <header className="page-header">
        <p className="muted">{t("common.labelled", { label: t("call.reference"), value: call.reference })}</p>
        <h1 id="call-title">{call.title || t("callDesign.untitled")}</h1>
        <StatusBadge state={call.state} label={call.stateLabel} />
      </header>

      {doneEvent && !actionData ? (
        <p className="notice" role="status">
          {t(`callDesign.done.${doneEvent}`)}
        </p>
      ) : null}
      {actionData?.formError ? (
        <div className="error-summary" role="alert">
          <h2>{t("form.errorSummary")}</h2>
          <p>{actionData.formError}</p>
        </div>
      ) : null}

      {call.state === "draft" ? <CallProblems problems={shownProblems} editHref={`/manage/calls/${call.id}/edit`} /> : null}

      <section aria-labelledby="lifecycle-title" className="call-lifecycle">
        <h2 id="lifecycle-title">{t("callDesign.overview.lifecycle")}</h2>
        {events.length === 0 ? (
          <p className="muted">{t("callDesign.overview.noActions")}</p>
        ) : (
          <ul className="call-lifecycle__actions">
            {events.map((event) => (
              <li key={event}>
                <Form method="post">
                  <input type="hidden" name="version" value={call.version} />
                  <button type="submit" name="intent" value={event} className={event === "ARCHIVE" ? "button button--secondary" : "button"} disabled={busy} aria-disabled={busy}>
                    {t(`callDesign.event.${event}`)}
                  </button>
                </Form>
                <p className="muted small">{t(`callDesign.eventHint.${event}`)}</p>
              </li>
            ))}
          </ul>
        )}
        {call.state === "draft" && canEdit ? (
          <p>
            <Link to={`/manage/calls/${call.id}/edit`}>{t("callDesign.overview.editLink")}</Link>
          </p>
        ) : null}
        {call.state === "published" || call.state === "open" ? (
          <p>
            <Link to={`/manage/calls/${call.id}/notices`}>{t("callDesign.overview.noticesLink")}</Link>
          </p>
        ) : null}
        {call.state !== "draft" ? (
          <p>
            <Link to={`/manage/calls/${call.id}/proposals`}>{t("callDesign.overview.proposalsLink")}</Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="facts-title" className="card key-facts">
        <h2 id="facts-title">{t("call.keyFacts")}</h2>
        <dl className="facts">
          <div>
            <dt>{t("callDesign.field.procedure")}</dt>
            <dd>{t(`callDesign.procedure.${call.procedure}`)}</dd>
          </div>
          {restricted ? (
            <div>
              <dt>{t("call.conceptNoteDeadline")}</dt>
              <dd>
                <Deadline at={call.conceptNoteDeadline} timeZone={call.timeZone} now={now} />
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{restricted ? t("call.fullApplicationDeadline") : t("call.deadline")}</dt>
            <dd>
              <Deadline at={call.fullApplicationDeadline} timeZone={call.timeZone} now={now} />
            </dd>
          </div>
          <div>
            <dt>{t("call.totalBudget")}</dt>
            <dd>{call.totalBudgetCents > 0 ? formatMoney(call.totalBudgetCents, t.locale) : t("callDesign.notSet")}</dd>
          </div>
          <div>
            <dt>{t("call.grantSize")}</dt>
            <dd>
              {call.minGrantCents > 0 && call.maxGrantCents > 0
                ? t("call.grantRange", { min: formatMoney(call.minGrantCents, t.locale), max: formatMoney(call.maxGrantCents, t.locale) })
                : t("callDesign.notSet")}
            </dd>
          </div>
          <div>
            <dt>{t("call.cofinancing")}</dt>
            <dd>{t("call.cofinancingValue", { share: formatShare(call.maxCofinancingBp, t.locale) })}</dd>
          </div>
          <div>
            <dt>{t("table.proposals")}</dt>
            <dd>{formatNumber(call.proposalCount, t.locale)}</dd>
          </div>
          <div>
            <dt>{t("callDesign.overview.created")}</dt>
            <dd>{formatDateTime(call.createdAt, t.locale, call.timeZone)}</dd>
          </div>
          {call.publishedAt ? (
            <div>
              <dt>{t("callDesign.overview.published")}</dt>
              <dd>{formatDateTime(call.publishedAt, t.locale, call.timeZone)}</dd>
            </div>
          ) : null}
          {call.closedAt ? (
            <div>
              <dt>{t("callDesign.overview.closed")}</dt>
              <dd>{formatDateTime(call.closedAt, t.locale, call.timeZone)}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      <CallNotices notices={notices} timeZone={call.timeZone} />
    </article>
  );
}
