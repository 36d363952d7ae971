// A read-only copy of a proposal's content, section by section: the receipt prints it.
import { lineTotal } from "~/modules/applications/budget.ts";
import { sectionOf, sectionsFor, type ProposalContent } from "~/modules/applications/proposal-schema.ts";
import { formatMoney } from "~/utils/format.ts";
import { useT, type MessageKey } from "~/utils/i18n.ts";
import { sectionName } from "./ProposalProblems.tsx";

export function ProposalCopy({ content, names }: { content: ProposalContent; names: Record<string, string> }) {
  const t = useT();
  const money = (c: number | null) => (c === null ? t("proposals.receipt.empty") : formatMoney(c, t.locale));
  const f = (k: string) => t(`proposals.field.${k}` as MessageKey);
  const text = (s: string) => (s ? <p className="pre-wrap">{s}</p> : <p className="muted">{t("proposals.receipt.empty")}</p>);
  const list = (codes: string[]) => (codes.length ? codes.map((c) => names[c] ?? c).join(", ") : t("proposals.receipt.empty"));
  return (
    <div className="proposal-copy">
      {sectionsFor(content.stage).map((key) => (
        <section key={key} className="proposal-copy__section">
          <h3>{sectionName(t, key)}</h3>
          {key === "summary"
            ? (() => {
                const s = sectionOf(content, "summary");
                return (
                  <dl>
                    <dt>{f("title")}</dt>
                    <dd>{s.title || t("proposals.receipt.empty")}</dd>
                    <dt>{f("summary")}</dt>
                    <dd>{text(s.summary)}</dd>
                    <dt>{f("objectives")}</dt>
                    <dd>{text(s.objectives)}</dd>
                    <dt>{f("durationMonths")}</dt>
                    <dd>{s.durationMonths ?? t("proposals.receipt.empty")}</dd>
                  </dl>
                );
              })()
            : null}
          {key === "domains" ? <p>{list(sectionOf(content, "domains").jvapDomainCodes)}</p> : null}
          {key === "countries" ? <p>{list(sectionOf(content, "countries").targetCountryCodes)}</p> : null}
          {key === "partners" ? (
            <ul>
              {sectionOf(content, "partners").partners.map((p, i) => (
                <li key={i}>{p.organisationId ? p.organisationId : `${p.name} (${p.countryCode}, ${p.email})`}</li>
              ))}
            </ul>
          ) : null}
          {key === "logframe"
            ? (() => {
                const l = sectionOf(content, "logframe");
                return (
                  <>
                    <dl>
                      <dt>{f("overallObjective")}</dt>
                      <dd>{text(l.overallObjective)}</dd>
                      <dt>{f("specificObjectives")}</dt>
                      <dd>{text(l.specificObjectives)}</dd>
                      <dt>{f("results")}</dt>
                      <dd>{text(l.results)}</dd>
                      <dt>{f("activities")}</dt>
                      <dd>{text(l.activities)}</dd>
                    </dl>
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{f("indicator")}</th>
                          <th scope="col">{f("baseline")}</th>
                          <th scope="col">{f("target")}</th>
                          <th scope="col">{f("source")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {l.indicators.map((i, n) => (
                          <tr key={n}>
                            <td>{i.description}</td>
                            <td>{i.baseline}</td>
                            <td>{i.target}</td>
                            <td>{i.source}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </>
                );
              })()
            : null}
          {key === "workplan" ? (
            <ul>
              {sectionOf(content, "workplan").activities.map((a, i) => (
                <li key={i}>
                  {a.name}: {a.months.map((m) => t("proposals.field.month", { n: m })).join(", ")}
                </li>
              ))}
            </ul>
          ) : null}
          {key === "budget"
            ? (() => {
                const b = sectionOf(content, "budget");
                return (
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{f("heading")}</th>
                        <th scope="col">{f("description")}</th>
                        <th scope="col" className="num">{f("units")}</th>
                        <th scope="col" className="num">{f("unitCost")}</th>
                        <th scope="col" className="num">{f("lineTotal")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {b.lines.map((l, i) => (
                        <tr key={i}>
                          <td>{t(`proposals.heading.${l.heading}` as MessageKey)}</td>
                          <td>{l.description}</td>
                          <td className="num">{l.units}</td>
                          <td className="num">{money(l.unitCostCents)}</td>
                          <td className="num">{money(lineTotal(l))}</td>
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row" colSpan={4}>{f("requestedAmount")}</th>
                        <td className="num">{money(b.requestedAmountCents)}</td>
                      </tr>
                    </tfoot>
                  </table>
                );
              })()
            : null}
          {key === "indicative"
            ? (() => {
                const b = sectionOf(content, "indicative");
                return (
                  <dl>
                    <dt>{f("totalCost")}</dt>
                    <dd>{money(b.totalCostCents)}</dd>
                    <dt>{f("requestedAmount")}</dt>
                    <dd>{money(b.requestedAmountCents)}</dd>
                  </dl>
                );
              })()
            : null}
        </section>
      ))}
    </div>
  );
}
