// One workflow drawn as SVG from its diagram model (app/utils/workflow-diagram.ts, laid out
// on the server): a box per state with the name applicants see and the stable state id,
// arrows labelled with their events, left to right from the initial state. The same facts
// follow as text: the states, then every transition with its condition and permission.
import { useId } from "react";
import type { DiagramLayout, WorkflowDiagram as Diagram } from "~/utils/workflow-diagram.ts";
import { pickBilingual, useT } from "~/utils/i18n.ts";

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function WorkflowDiagram({ diagram, layout, title }: { diagram: Diagram; layout: DiagramLayout; title: string }) {
  const t = useT();
  const id = useId();
  const arrow = `${id}-arrow`;
  const label = (s: { id: string; applicant: { en: string; fr: string } | null }) => pickBilingual(s.applicant ?? undefined, t.locale, s.id);
  const staffLabel = (s: { id: string; staff: { en: string; fr: string } | null }) => pickBilingual(s.staff ?? undefined, t.locale, s.id);
  const byId = new Map(diagram.states.map((s) => [s.id, s]));
  const { boxWidth, boxHeight } = layout;
  const finals = diagram.states.filter((s) => s.final).map((s) => s.id);
  return (
    <div>
      <div className="table-wrap" role="region" aria-label={t("workflows.diagram.scroll", { name: title })} tabIndex={0}>
        <svg
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width={layout.width}
          height={layout.height}
          style={{ display: "block", maxWidth: "none", fontFamily: "inherit" }}
        >
          <title id={`${id}-title`}>{t("workflows.diagram.title", { name: title })}</title>
          <desc id={`${id}-desc`}>
            {t("workflows.diagram.desc", { states: diagram.states.length, transitions: diagram.transitions.length, initial: diagram.initial, finals: finals.join(", ") || "–" })}
          </desc>
          <defs>
            <marker id={arrow} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" fill="#4a5360" />
            </marker>
          </defs>
          {layout.edges.map((e) => (
            <g key={`${e.from}-${e.target}`}>
              <path d={e.path} fill="none" stroke="#4a5360" strokeWidth="1.4" strokeDasharray={e.forward ? undefined : "5 3"} markerEnd={`url(#${arrow})`} />
            </g>
          ))}
          {layout.states.map((s) => (
            <g key={s.id} transform={`translate(${s.x}, ${s.y})`}>
              <rect
                width={boxWidth}
                height={boxHeight}
                rx={s.final ? 20 : 6}
                fill={s.initial ? "#e6ecf7" : s.final ? "#eceff3" : "#ffffff"}
                stroke={s.initial ? "#003399" : "#6b7685"}
                strokeWidth={s.initial ? 2.5 : s.final ? 2 : 1.2}
              />
              {s.final ? <rect x="3" y="3" width={boxWidth - 6} height={boxHeight - 6} rx="17" fill="none" stroke="#6b7685" strokeWidth="1" /> : null}
              <text x={boxWidth / 2} y="22" textAnchor="middle" fontSize="13" fontWeight="600" fill="#1b1f24">
                <title>{`${label(s)} · ${staffLabel(s)}`}</title>
                {shorten(label(s), 28)}
              </text>
              <text x={boxWidth / 2} y="40" textAnchor="middle" fontSize="11" fill="#4a5360" fontFamily="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace">
                {s.id}
              </text>
            </g>
          ))}
          {layout.edges.map((e) => {
            const text = e.events.join(" / ");
            const w = Math.min(text.length * 6.4 + 8, 260);
            return (
              <g key={`${e.from}-${e.target}-label`} transform={`translate(${e.labelX}, ${e.labelY})`}>
                <rect x={-w / 2} y="-9" width={w} height="16" rx="3" fill="#ffffff" fillOpacity="0.9" />
                <text textAnchor="middle" y="3" fontSize="10.5" fill="#0b4a80" fontFamily="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace">
                  {text}
                </text>
              </g>
            );
          })}
        </svg>
      </div>

      <details>
        <summary>{t("workflows.states.title", { count: diagram.states.length })}</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("workflows.col.state")}</th>
                <th scope="col">{t("workflows.col.applicantName")}</th>
                <th scope="col">{t("workflows.col.staffName")}</th>
                <th scope="col">{t("workflows.col.kind")}</th>
              </tr>
            </thead>
            <tbody>
              {diagram.states.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <code>{s.id}</code>
                  </th>
                  <td>{label(s)}</td>
                  <td>{staffLabel(s)}</td>
                  <td>{[s.initial ? t("workflows.kind.initial") : "", s.final ? t("workflows.kind.final") : ""].filter(Boolean).join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>

      <h3>{t("workflows.transitions.title", { count: diagram.transitions.length })}</h3>
      <ul className="workflow-transitions">
        {diagram.transitions.map((tr, i) => {
          const from = byId.get(tr.from);
          const to = byId.get(tr.target);
          return (
            <li key={`${tr.from}-${tr.event}-${tr.target}-${i}`}>
              {t("workflows.transition", {
                from: from ? label(from) : tr.from,
                event: tr.event,
                to: to ? label(to) : tr.target,
              })}{" "}
              (<code>{tr.from}</code> → <code>{tr.target}</code>)
              {tr.guard ? <> · {t("workflows.transition.guard", { guard: tr.guard })}</> : null}
              {" · "}
              {tr.permission ? t("workflows.transition.permission", { entity: tr.permission.entity, action: tr.permission.action }) : t("workflows.transition.noPermission")}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
