// The signed-in home: one dashboard per role. Applicants see only their own organisations'
// proposals; evaluators their assessments (counts, linked to /assess); grant managers every call; admins
// accounts and the latest audit events.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Deadline } from "~/components/Deadline.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { latestAuditEvents, countUsersByRole } from "~/modules/audit/audit-log.server.ts";
import { listOrganisationProposals } from "~/modules/applications/proposals.server.ts";
import { requirePermission } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { countPublicCalls } from "~/modules/calls/catalogue.server.ts";
import { queueCounts } from "~/modules/evaluation/assessor.server.ts";
import { countCallsByState, listCallsForStaff } from "~/modules/calls/calls.server.ts";
import { formatDateTime, formatMoney, formatNumber } from "~/utils/format.ts";
import { isMessageKey, localeFromMatches, pageTitle, translator, useT, type Translate } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

/** Audit times are shown in the facility's own time zone. */
const FACILITY_TIME_ZONE = "Europe/Vienna";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("dashboard.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requirePermission(actor, "dashboard", "read");
  const locale = resolveLocale(request, user);
  const base = { name: user.name, role: user.role, now: new Date().toISOString() };
  switch (user.role) {
    case "APPLICANT":
      return { ...base, kind: "applicant" as const, organisations: await listOrganisationProposals(actor, user.organisationIds, locale) };
    case "EVALUATOR":
      return { ...base, kind: "evaluator" as const, openCalls: await countPublicCalls(), assessments: await queueCounts(actor) };
    case "GRANT_MANAGER": {
      const [byState, calls] = await Promise.all([countCallsByState(actor, locale), listCallsForStaff(actor, locale)]);
      return { ...base, kind: "manager" as const, byState, calls };
    }
    case "ADMIN": {
      const [users, events] = await Promise.all([countUsersByRole(actor), latestAuditEvents(actor, 20, locale)]);
      return { ...base, kind: "admin" as const, users, events };
    }
  }
});

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <header className="page-header">
        <h1>{t("dashboard.welcome", { name: data.name })}</h1>
        <p className="muted">{t("dashboard.role", { role: t(`role.${data.role}`) })}</p>
      </header>
      {data.kind === "applicant" ? <ApplicantDashboard data={data} /> : null}
      {data.kind === "evaluator" ? <EvaluatorDashboard data={data} /> : null}
      {data.kind === "manager" ? <ManagerDashboard data={data} /> : null}
      {data.kind === "admin" ? <AdminDashboard data={data} /> : null}
    </>
  );
}

function ApplicantDashboard({ data }: { data: Extract<Data, { kind: "applicant" }> }) {
  const t = useT();
  const proposals = data.organisations.flatMap((o) => o.proposals.map((p) => ({ ...p, organisation: o.acronym || o.legalName })));
  const several = data.organisations.length > 1;
  return (
    <>
      <section aria-labelledby="orgs-title">
        <h2 id="orgs-title">{t("dashboard.applicant.organisations")}</h2>
        {data.organisations.length === 0 ? (
          <p className="empty">{t("dashboard.applicant.noOrganisation")}</p>
        ) : (
          <ul className="card-list card-list--compact">
            {data.organisations.map((org) => (
              <li key={org.id} className="card">
                <h3>
                  {org.legalName}
                  {org.acronym ? ` (${org.acronym})` : ""}
                </h3>
                <dl className="facts facts--inline">
                  <div>
                    <dt>{t("org.type")}</dt>
                    <dd>{org.typeName}</dd>
                  </div>
                  <div>
                    <dt>{t("org.country")}</dt>
                    <dd>{org.countryName}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="proposals-title" id="proposals" tabIndex={-1}>
        <h2 id="proposals-title">{t("dashboard.applicant.proposals")}</h2>
        {proposals.length === 0 ? (
          <p className="empty">
            {t("dashboard.applicant.noProposals")} <Link to="/">{t("dashboard.applicant.browseCalls")}</Link>
          </p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="proposals-title" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("table.reference")}</th>
                  <th scope="col">{t("table.title")}</th>
                  <th scope="col">{t("table.call")}</th>
                  <th scope="col">{t("table.status")}</th>
                  <th scope="col" className="num">
                    {t("table.requested")}
                  </th>
                  <th scope="col">{t("table.updated")}</th>
                </tr>
              </thead>
              <tbody>
                {proposals.map((p) => (
                  <tr key={p.id}>
                    <td className="nowrap">
                      <Link to={`/proposals/${p.id}`}>{p.reference}</Link>
                    </td>
                    <td>
                      {p.title}
                      {several ? <span className="muted block">{p.organisation}</span> : null}
                    </td>
                    <td>
                      {p.call.isPublic ? <Link to={`/calls/${p.call.id}`}>{p.call.title}</Link> : p.call.title}
                    </td>
                    <td>
                      <StatusBadge state={p.state} label={p.stateLabel} />
                      {p.nextStep ? <span className="muted block small">{p.nextStep}</span> : null}
                    </td>
                    <td className="num">{formatMoney(p.requestedAmountCents, t.locale)}</td>
                    <td>
                      <time dateTime={p.updatedAt}>{formatDateTime(p.updatedAt, t.locale, p.call.timeZone)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function EvaluatorDashboard({ data }: { data: Extract<Data, { kind: "evaluator" }> }) {
  const t = useT();
  return (
    <>
      <section aria-labelledby="assessments-title" id="assessments" tabIndex={-1}>
        <h2 id="assessments-title">{t("dashboard.evaluator.assessments")}</h2>
        {data.assessments.toDo + data.assessments.submitted + data.assessments.unsignedCalls === 0 ? (
          <p className="empty">{t("dashboard.evaluator.none")}</p>
        ) : (
          <>
            <ul>
              {data.assessments.unsignedCalls > 0 ? <li>{t("assessing.dashboard.unsigned", { count: data.assessments.unsignedCalls })}</li> : null}
              <li>{t("assessing.dashboard.toDo", { count: data.assessments.toDo })}</li>
              <li>{t("assessing.dashboard.submitted", { count: data.assessments.submitted })}</li>
            </ul>
            <p>
              <Link to="/assess">{t("assessing.dashboard.open")}</Link>
            </p>
          </>
        )}
      </section>
      <section aria-labelledby="open-calls-title">
        <h2 id="open-calls-title">{t("dashboard.evaluator.openCalls")}</h2>
        <p className="stat">
          <span className="stat__value">{formatNumber(data.openCalls, t.locale)}</span>{" "}
          <Link to="/">{t("dashboard.applicant.browseCalls")}</Link>
        </p>
      </section>
    </>
  );
}

function ManagerDashboard({ data }: { data: Extract<Data, { kind: "manager" }> }) {
  const t = useT();
  return (
    <>
      <section aria-labelledby="by-state-title">
        <h2 id="by-state-title">{t("dashboard.manager.callsByState")}</h2>
        <ul className="stats">
          {data.byState.map((s) => (
            <li key={s.state} className="stat">
              <span className="stat__value">{formatNumber(s.count, t.locale)}</span>
              <span className="stat__label">{s.label}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="calls-title" id="calls" tabIndex={-1}>
        <h2 id="calls-title">{t("dashboard.manager.calls")}</h2>
        {data.calls.length === 0 ? (
          <p className="empty">{t("dashboard.manager.noCalls")}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="calls-title" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("table.reference")}</th>
                  <th scope="col">{t("table.title")}</th>
                  <th scope="col">{t("table.status")}</th>
                  <th scope="col" className="num">
                    {t("table.proposals")}
                  </th>
                  <th scope="col">{t("table.deadline")}</th>
                </tr>
              </thead>
              <tbody>
                {data.calls.map((c) => (
                  <tr key={c.id}>
                    <td className="nowrap">{c.reference}</td>
                    <td>
                      <Link to={`/calls/${c.id}`}>{c.title}</Link>
                    </td>
                    <td>
                      <StatusBadge state={c.state} label={c.stateLabel} />
                    </td>
                    <td className="num">{formatNumber(c.proposalCount, t.locale)}</td>
                    <td>
                      <Deadline at={c.deadline} timeZone={c.timeZone} now={data.now} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** "sign_in" → "Signed in" when the dictionary knows it, else the code made readable. */
function auditWords(t: Translate, group: "action" | "entity", code: string): string {
  const key = `audit.${group}.${code}`;
  return isMessageKey(key) ? t(key) : code.replace(/_/g, " ").toLowerCase();
}

function AdminDashboard({ data }: { data: Extract<Data, { kind: "admin" }> }) {
  const t = useT();
  const total = data.users.reduce((sum, u) => sum + u.count, 0);
  return (
    <>
      <section aria-labelledby="users-title" id="users" tabIndex={-1}>
        <h2 id="users-title">{t("dashboard.admin.users")}</h2>
        <ul className="stats">
          {data.users.map((u) => (
            <li key={u.role} className="stat">
              <span className="stat__value">{formatNumber(u.count, t.locale)}</span>
              <span className="stat__label">{t(`role.${u.role}`)}</span>
            </li>
          ))}
          <li className="stat stat--total">
            <span className="stat__value">{formatNumber(total, t.locale)}</span>
            <span className="stat__label">{t("dashboard.admin.totalUsers")}</span>
          </li>
        </ul>
      </section>
      <section aria-labelledby="audit-title" id="audit" tabIndex={-1}>
        <h2 id="audit-title">{t("dashboard.admin.audit")}</h2>
        {data.events.length === 0 ? (
          <p className="empty">{t("dashboard.admin.noAudit")}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="audit-title" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("table.when")}</th>
                  <th scope="col">{t("table.who")}</th>
                  <th scope="col">{t("table.action")}</th>
                  <th scope="col">{t("table.record")}</th>
                  <th scope="col">{t("table.change")}</th>
                </tr>
              </thead>
              <tbody>
                {data.events.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <time dateTime={e.at}>{formatDateTime(e.at, t.locale, FACILITY_TIME_ZONE)}</time>
                    </td>
                    <td>{e.actorName ? <span title={e.actorEmail ?? undefined}>{e.actorName}</span> : <span className="muted">{t("dashboard.admin.system")}</span>}</td>
                    <td>{isMessageKey(`audit.action.${e.action}`) || !(e.fromState || e.toState) ? auditWords(t, "action", e.action) : t("audit.action.transition")}</td>
                    <td>
                      {auditWords(t, "entity", e.entityType)} <code className="small">{e.entityId}</code>
                    </td>
                    <td>{e.fromLabel || e.toLabel ? `${e.fromLabel ?? "—"} → ${e.toLabel ?? "—"}` : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
