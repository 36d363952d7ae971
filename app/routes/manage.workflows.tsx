// /manage/workflows (grant managers and admins): every workflow drawn from the machine
// definitions themselves — states, transitions, guards and the permission each event needs —
// so staff can see how a call, a proposal, an evaluation, a report or a grant moves on.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { WorkflowDiagram } from "~/components/WorkflowDiagram.tsx";
import { requirePermission, scopeFor } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { AppError } from "~/utils/errors.ts";
import { localeFromMatches, pageTitle, translator, useT, type MessageKey } from "~/utils/i18n.ts";
import { handle } from "~/utils/route.server.ts";
import { allWorkflowDiagrams, layoutDiagram } from "~/utils/workflow-diagram.ts";

export const meta: MetaFunction = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("workflows.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  // Staff who see every call (grant managers, admins); applicants and evaluators only see published ones.
  requirePermission(actor, "call", "list");
  if (scopeFor(actor.role, "call", "list") !== "any") throw new AppError("forbidden", "errors.forbidden");
  return { workflows: allWorkflowDiagrams().map((diagram) => ({ diagram, layout: layoutDiagram(diagram) })) };
});

const NAMES: Record<string, MessageKey> = {
  call: "workflows.name.call",
  application: "workflows.name.application",
  evaluation: "workflows.name.evaluation",
  report: "workflows.name.report",
  grant: "workflows.name.grant",
};

export default function Workflows() {
  const { workflows } = useLoaderData<typeof loader>();
  const t = useT();
  const name = (id: string) => (NAMES[id] ? t(NAMES[id]) : id);
  return (
    <article aria-labelledby="workflows-title">
      <header className="page-header">
        <h1 id="workflows-title">{t("workflows.title")}</h1>
        <p>{t("workflows.intro")}</p>
        <p className="field__hint">{t("workflows.legend")}</p>
      </header>
      <nav aria-label={t("workflows.contents")}>
        <ul>
          {workflows.map(({ diagram }) => (
            <li key={diagram.id}>
              <a href={`#workflow-${diagram.id}`}>{name(diagram.id)}</a>
            </li>
          ))}
        </ul>
      </nav>
      {workflows.map(({ diagram, layout }) => (
        <section key={diagram.id} id={`workflow-${diagram.id}`} aria-labelledby={`workflow-${diagram.id}-title`}>
          <h2 id={`workflow-${diagram.id}-title`}>{name(diagram.id)}</h2>
          <p className="muted">{t("workflows.meta", { id: diagram.id, entity: diagram.entity, version: diagram.version })}</p>
          <WorkflowDiagram diagram={diagram} layout={layout} title={name(diagram.id)} />
        </section>
      ))}
    </article>
  );
}
