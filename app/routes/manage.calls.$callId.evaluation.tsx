// /manage/calls/:callId/evaluation?stage=… (grant managers): who assesses what at one stage.
// The proposals being evaluated with their assessors and each evaluation's state (withdrawn
// and conflicted ones stay listed as history), "Assign automatically" with the explanation of
// each choice, assignment by hand and reassignment with a reason. A closed call is first
// moved to "under evaluation" here.
import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import {
  EVALUATION_STATE_LABELS,
  type EvaluationStateId,
} from "#workflows/evaluation.machine.ts";
import { CallTabs, StageTabs } from "~/components/CallTabs.tsx";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { staffCallHeading } from "~/modules/calls/catalogue.server.ts";
import {
  assignAutomatically,
  assignManually,
  countFullApplicationsWaiting,
  getAssignmentBoard,
  needsReassignment,
  reassign,
  startCallEvaluation,
  startFullApplicationEvaluation,
} from "~/modules/evaluation/assignments.server.ts";
import {
  AutoAssignSchema,
  ManualAssignSchema,
  REASON_MAX,
  ReassignSchema,
  StartEvaluationSchema,
} from "~/modules/evaluation/evaluation-schemas.ts";
import {
  findCallAndStage,
  readAssignmentReason,
  requireEvaluationManager,
  stagesOf,
  staffState,
} from "~/modules/evaluation/results.server.ts";
import callDesignStyles from "~/styles/call-design.css?url";
import { isAppError } from "~/utils/errors.ts";
import {
  localeFromMatches,
  pageTitle,
  pickBilingual,
  translator,
  useT,
} from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, parseWith, readForm } from "~/utils/route.server.ts";

export const links = () => [{ rel: "stylesheet", href: callDesignStyles }];

export const meta: MetaFunction<typeof loader> = ({
  data: loaded,
  matches,
}) => {
  const locale = localeFromMatches(matches);
  return [
    {
      title: pageTitle(
        locale,
        translator(locale)("evaluation.assign.title", {
          reference: loaded?.call.reference ?? "",
        })
      ),
    },
  ];
};

const ACTIVE = ["assigned", "in_progress", "returned", "conflict_declared"];

export const loader = handle(
  async ({ request, params }: LoaderFunctionArgs) => {
    const user = await requireUser(request);
    const actor = toActor(user);
    requireEvaluationManager(actor);
    const locale = resolveLocale(request, user);
    const { call, stage } = await findCallAndStage(
      params.callId ?? "",
      request.url
    );
    const board = await getAssignmentBoard(actor, call.id, stage);
    const t = translator(locale);
    const perProposal = Math.max(1, call.assessorsPerProposal);
    return {
      call: {
        ...staffCallHeading(call, locale),
      },
      stage,
      stages: stagesOf(call.procedure),
      perProposal,
      excludeSameCountry: call.excludeSameCountryAssessors,
      assessorCount: board.assessors.length,
      proposals: board.proposals.map((p) => {
        const reasons = board.eligibility.get(p.id);
        return {
          id: p.id,
          reference: p.reference,
          title: p.title,
          organisation: p.organisationName,
          needsReassignment: needsReassignment(p, perProposal),
          evaluations: p.evaluations.map((e) => ({
            id: e.id,
            version: e.version,
            assessor: e.assessor.name,
            role: e.role,
            state: e.state,
            stateLabel: pickBilingual(
              EVALUATION_STATE_LABELS[e.state as EvaluationStateId]?.staff,
              locale,
              e.state
            ),
            why: readAssignmentReason(e.assignmentReason, locale),
            conflictReason: e.conflictReason,
            canReassign: ACTIVE.includes(e.state),
          })),
          options: board.assessors.map((a) => {
            const reason = reasons?.get(a.id) ?? null;
            return {
              value: a.id,
              label: t("evaluation.assign.option", {
                name: a.name,
                load: a.load,
              }),
              disabledWhy: reason ? t(`evaluation.exclusion.${reason}`) : null,
            };
          }),
        };
      }),
      stateLabel: staffState(
        stage === "CONCEPT_NOTE" ? "cn_evaluation" : "full_evaluation",
        locale
      ),
      fullApplicationsWaiting:
        stage === "FULL_APPLICATION" && call.procedure === "RESTRICTED"
          ? await countFullApplicationsWaiting(call.id)
          : 0,
    };
  }
);

type Intent =
  | "auto"
  | "assign"
  | "reassign"
  | "startEvaluation"
  | "startFullEvaluation";

function failed(
  intent: Intent,
  target: string,
  fieldErrors: Record<string, string[]>,
  values: Record<string, string>,
  status = 400
) {
  return data(
    { ok: false as const, intent, target, fieldErrors, values },
    { status }
  );
}

export const action = handle(
  async ({ request, params }: ActionFunctionArgs) => {
    const user = await requireUser(request);
    const actor = toActor(user);
    requireEvaluationManager(actor);
    const callId = params.callId ?? "";
    const form = await readForm(request);
    const intent = String(form.get("intent") ?? "") as Intent;
    const ipAddress = clientAddress(request);
    const target = String(
      form.get("evaluationId") ?? form.get("proposalId") ?? ""
    );
    const back = (stage: string, done: string) =>
      redirect(
        `/manage/calls/${callId}/evaluation?stage=${stage}&done=${done}`
      );
    try {
      if (intent === "startFullEvaluation") {
        const started = await startFullApplicationEvaluation(actor, callId, {
          ipAddress,
        });
        return back(
          "FULL_APPLICATION",
          started > 0 ? "fullStarted" : "nothing"
        );
      }
      if (intent === "startEvaluation") {
        const parsed = parseWith(form, StartEvaluationSchema);
        if (!parsed.ok)
          return failed(intent, "", parsed.fieldErrors, parsed.values);
        await startCallEvaluation(actor, callId, parsed.data.version, {
          ipAddress,
        });
        return redirect(`/manage/calls/${callId}/evaluation?done=started`);
      }
      if (intent === "auto") {
        const parsed = parseWith(form, AutoAssignSchema);
        if (!parsed.ok)
          return failed(intent, "", parsed.fieldErrors, parsed.values);
        const r = await assignAutomatically(actor, callId, parsed.data.stage, {
          ipAddress,
        });
        return redirect(
          `/manage/calls/${callId}/evaluation?stage=${parsed.data.stage}&done=auto&created=${r.created}&unfilled=${r.unfilled.length}`
        );
      }
      if (intent === "assign") {
        const parsed = parseWith(form, ManualAssignSchema);
        if (!parsed.ok)
          return failed(intent, target, parsed.fieldErrors, parsed.values);
        await assignManually(
          actor,
          callId,
          parsed.data.stage,
          parsed.data.proposalId,
          parsed.data.assessorId,
          { ipAddress }
        );
        return back(parsed.data.stage, "assigned");
      }
      if (intent === "reassign") {
        const parsed = parseWith(form, ReassignSchema);
        if (!parsed.ok)
          return failed(intent, target, parsed.fieldErrors, parsed.values);
        await reassign(
          actor,
          parsed.data.evaluationId,
          {
            assessorId: parsed.data.assessorId,
            reason: parsed.data.reason,
            expectedVersion: parsed.data.version,
          },
          { ipAddress }
        );
        return back(parsed.data.stage, "reassigned");
      }
      return failed("auto", "", { form: ["errors.badForm"] }, {});
    } catch (error) {
      if (
        isAppError(error) &&
        ["conflict", "transition_refused", "bad_request"].includes(error.code)
      ) {
        const field =
          typeof error.details?.field === "string"
            ? error.details.field
            : "form";
        return failed(
          intent,
          target,
          { [field]: [error.message] },
          Object.fromEntries(
            [...form.entries()].map(([k, v]) => [k, String(v)])
          ),
          error.status
        );
      }
      throw error;
    }
  }
);

export default function EvaluationAssignment() {
  const {
    call,
    stage,
    stages,
    perProposal,
    excludeSameCountry,
    assessorCount,
    proposals,
    stateLabel,
    fullApplicationsWaiting,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === "submitting";
  const done = params.get("done");
  const errorsFor = (intent: Intent, target = "") =>
    actionData &&
    !actionData.ok &&
    actionData.intent === intent &&
    actionData.target === target
      ? actionData.fieldErrors
      : undefined;
  const pageErrors =
    actionData &&
    !actionData.ok &&
    (actionData.intent === "auto" || actionData.intent === "startEvaluation")
      ? actionData.fieldErrors
      : undefined;
  return (
    <article aria-labelledby="assign-title">
      <CallTabs
        callId={call.id}
        state={call.state}
        current="evaluation"
        canEdit={false}
      />
      <header className="page-header">
        <p className="muted">{call.reference}</p>
        <h1 id="assign-title">
          {t("evaluation.assign.title", { reference: call.reference })}
        </h1>
        <StatusBadge state={call.state} label={call.stateLabel} />
      </header>
      {done ? (
        <p className="notice" role="status">
          {done === "auto"
            ? t("evaluation.assign.done.auto", {
                created: Number(params.get("created") ?? 0),
                unfilled: Number(params.get("unfilled") ?? 0),
              })
            : done === "started"
            ? t("evaluation.assign.done.started")
            : done === "fullStarted"
            ? t("evaluation.assign.done.fullStarted")
            : done === "nothing"
            ? t("evaluation.assign.done.nothing")
            : done === "reassigned"
            ? t("evaluation.assign.done.reassigned")
            : t("evaluation.assign.done.assigned")}
        </p>
      ) : null}
      <ErrorSummary errors={pageErrors} />

      {call.state === "closed" ? (
        <section className="card" aria-labelledby="start-title">
          <h2 id="start-title">{t("evaluation.assign.startTitle")}</h2>
          <p>{t("evaluation.assign.startHint")}</p>
          <Form method="post">
            <input type="hidden" name="version" value={call.version} />
            <button
              type="submit"
              name="intent"
              value="startEvaluation"
              className="button"
              disabled={busy}
            >
              {t("evaluation.assign.start")}
            </button>
          </Form>
        </section>
      ) : null}

      <StageTabs stages={stages} current={stage} />

      {fullApplicationsWaiting > 0 ? (
        <section className="card" aria-labelledby="start-full-title">
          <h2 id="start-full-title">{t("evaluation.assign.startFullTitle")}</h2>
          <p>
            {t("evaluation.assign.startFullHint", {
              count: fullApplicationsWaiting,
            })}
          </p>
          <Form method="post">
            <button
              type="submit"
              name="intent"
              value="startFullEvaluation"
              className="button"
              disabled={busy}
            >
              {t("evaluation.assign.startFull")}
            </button>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="auto-title">
        <h2 id="auto-title">{t("evaluation.assign.autoTitle")}</h2>
        <p>
          {t("evaluation.assign.autoHint", {
            count: perProposal,
            assessors: assessorCount,
          })}
        </p>
        {excludeSameCountry ? (
          <p className="muted">{t("evaluation.assign.sameCountryRule")}</p>
        ) : null}
        <Form method="post">
          <input type="hidden" name="stage" value={stage} />
          <button
            type="submit"
            name="intent"
            value="auto"
            className="button"
            disabled={
              busy ||
              call.state !== "under_evaluation" ||
              proposals.length === 0
            }
          >
            {t("evaluation.assign.auto")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="proposals-title">
        <h2 id="proposals-title">
          {t("evaluation.assign.proposals", {
            state: stateLabel,
            count: proposals.length,
          })}
        </h2>
        {proposals.length === 0 ? (
          <p className="empty">{t("evaluation.assign.none")}</p>
        ) : null}
        {proposals.map((p) => {
          const assignErrors = errorsFor("assign", p.id);
          const available = p.options.filter((o) => o.disabledWhy === null);
          return (
            <section
              key={p.id}
              className={p.needsReassignment ? "card notice--warning" : "card"}
              aria-labelledby={`p-${p.id}`}
              data-proposal={p.reference}
            >
              <h3 id={`p-${p.id}`}>
                <Link to={`/manage/proposals/${p.id}`}>{p.reference}</Link>{" "}
                {p.title}
              </h3>
              <p className="muted">{p.organisation}</p>
              {p.needsReassignment ? (
                <p className="notice notice--warning" role="note">
                  <strong>{t("evaluation.assign.needsReassignment")}</strong>
                </p>
              ) : null}
              {p.evaluations.length === 0 ? (
                <p className="muted">{t("evaluation.assign.noAssessor")}</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <caption className="visually-hidden">
                      {t("evaluation.assign.caption", {
                        reference: p.reference,
                      })}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("evaluation.col.assessor")}</th>
                        <th scope="col">{t("evaluation.col.state")}</th>
                        <th scope="col">{t("evaluation.col.why")}</th>
                        <th scope="col">{t("evaluation.col.actions")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.evaluations.map((e) => {
                        const reassignErrors = errorsFor("reassign", e.id);
                        return (
                          <tr key={e.id}>
                            <td>
                              <Link to={`/manage/evaluations/${e.id}`}>
                                {e.assessor}
                              </Link>
                              {e.role === "FURTHER" ? (
                                <span className="muted">
                                  {" "}
                                  ({t("evaluation.role.FURTHER")})
                                </span>
                              ) : null}
                            </td>
                            <td>
                              <StatusBadge
                                state={e.state}
                                label={e.stateLabel}
                              />
                              {e.conflictReason ? (
                                <p className="small">
                                  {t("evaluation.assign.conflictReason", {
                                    reason: e.conflictReason,
                                  })}
                                </p>
                              ) : null}
                            </td>
                            <td className="small">{e.why}</td>
                            <td>
                              {e.canReassign ? (
                                <details
                                  open={reassignErrors ? true : undefined}
                                >
                                  <summary>
                                    {t("evaluation.assign.reassign")}
                                  </summary>
                                  <ErrorSummary errors={reassignErrors} />
                                  <Form method="post" className="form">
                                    <input
                                      type="hidden"
                                      name="intent"
                                      value="reassign"
                                    />
                                    <input
                                      type="hidden"
                                      name="stage"
                                      value={stage}
                                    />
                                    <input
                                      type="hidden"
                                      name="evaluationId"
                                      value={e.id}
                                    />
                                    <input
                                      type="hidden"
                                      name="version"
                                      value={e.version}
                                    />
                                    <div className="field">
                                      <label htmlFor={`reassign-to-${e.id}`}>
                                        {t("evaluation.assign.newAssessor")}
                                      </label>
                                      <select
                                        id={`reassign-to-${e.id}`}
                                        name="assessorId"
                                        defaultValue=""
                                      >
                                        <option value="">
                                          {t("evaluation.assign.choose")}
                                        </option>
                                        {available.map((o) => (
                                          <option key={o.value} value={o.value}>
                                            {o.label}
                                          </option>
                                        ))}
                                      </select>
                                    </div>
                                    <div className="field">
                                      <label
                                        htmlFor={`reassign-reason-${e.id}`}
                                      >
                                        {t("evaluation.assign.reason")}
                                      </label>
                                      <textarea
                                        id={`reassign-reason-${e.id}`}
                                        name="reason"
                                        rows={2}
                                        maxLength={REASON_MAX}
                                        required
                                      />
                                    </div>
                                    <button
                                      type="submit"
                                      className="button button--secondary button--small"
                                      disabled={busy}
                                    >
                                      {t("evaluation.assign.reassignConfirm")}
                                    </button>
                                  </Form>
                                </details>
                              ) : null}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
              <ErrorSummary
                errors={assignErrors}
                labels={{ assessorId: t("evaluation.assign.assessor") }}
              />
              <Form method="post" className="form inline-form">
                <input type="hidden" name="intent" value="assign" />
                <input type="hidden" name="stage" value={stage} />
                <input type="hidden" name="proposalId" value={p.id} />
                <div className="field">
                  <label htmlFor={`assign-${p.id}`}>
                    {t("evaluation.assign.assessor")}
                  </label>
                  <select
                    id={`assign-${p.id}`}
                    name="assessorId"
                    defaultValue=""
                  >
                    <option value="">{t("evaluation.assign.choose")}</option>
                    {p.options.map((o) => (
                      <option
                        key={o.value}
                        value={o.value}
                        disabled={o.disabledWhy !== null}
                      >
                        {o.disabledWhy
                          ? `${o.label} — ${o.disabledWhy}`
                          : o.label}
                      </option>
                    ))}
                  </select>
                </div>
                <button
                  type="submit"
                  className="button button--secondary"
                  disabled={busy || call.state !== "under_evaluation"}
                >
                  {t("evaluation.assign.assign")}
                </button>
              </Form>
            </section>
          );
        })}
      </section>
    </article>
  );
}
