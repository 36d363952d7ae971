// The applicant's view of the assessment of their proposal once a decision is taken: the
// mean score, the reasons, and per criterion each assessor's score and justification. The
// assessors are "Assessor 1", "Assessor 2", …: their names are never shown.
import type { ApplicantOutcome } from "~/modules/evaluation/outcome.server.ts";
import { useT } from "~/utils/i18n.ts";

export function EvaluationOutcome({ outcome }: { outcome: ApplicantOutcome }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="outcome-title" data-outcome>
      <h2 id="outcome-title">{t("evaluation.outcome.title")}</h2>
      {outcome.decisionReason ? (
        <p>
          <strong>{t("evaluation.outcome.reasonGiven")}</strong> {outcome.decisionReason}
        </p>
      ) : null}
      {outcome.stages.map((s) => (
        <section key={s.stage} aria-labelledby={`outcome-${s.stage}`}>
          <h3 id={`outcome-${s.stage}`}>{t(`evaluation.stage.${s.stage}`)}</h3>
          <p>
            {t("evaluation.outcome.mean", { mean: s.meanPoints ?? "–", max: s.max })}
            {s.passMark !== null ? ` ${t("evaluation.outcome.passMark", { passMark: s.passMark })}` : ""}
          </p>
          {s.consensus ? <p className="muted">{t("evaluation.outcome.consensus")}</p> : null}
          {s.reasons.length > 0 ? (
            <ul>
              {s.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : null}
          {s.assessors.length > 0 ? (
            <p>
              {s.assessors.map((a) => t("evaluation.outcome.assessorTotal", { n: a.label, total: a.total ?? "–" })).join(" · ")}
            </p>
          ) : null}
          {s.sections.map((section) => (
            <div key={section.code} className="table-wrap">
              <table>
                <caption>
                  {section.code} {section.name}
                  {section.meanPoints !== null ? ` — ${t("evaluation.outcome.sectionMean", { mean: section.meanPoints })}` : ""}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("evaluation.col.criterion")}</th>
                    {s.assessors.map((a) => (
                      <th key={a.label} scope="col">
                        {t("evaluation.outcome.assessor", { n: a.label })}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {section.criteria.map((c) => (
                    <tr key={c.code}>
                      <th scope="row">
                        {c.code} {c.name}
                        {c.weight > 1 ? <span className="muted"> (×{c.weight})</span> : null}
                      </th>
                      {c.scores.map((x, i) => (
                        <td key={i}>
                          <strong>{x.score === null ? "–" : `${x.score}/${c.max}`}</strong>
                          {x.justification ? <p className="small prose">{x.justification}</p> : null}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </section>
      ))}
    </section>
  );
}
