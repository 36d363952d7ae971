// Each assessor's mean total against the mean of all assessors, to spot severe and lenient
// ones. Plain SVG rendered on the server (no script), with a title and description for
// screen readers and the same numbers in a table underneath.
import { useT } from "~/utils/i18n.ts";

export interface ScoreChartProps {
  id: string;
  max: number;
  overall: number | null;
  assessors: { name: string; count: number; mean: number }[];
}

const BAR = 22;
const GAP = 10;
const LABEL = 170;
const WIDTH = 560;

export function ScoreChart({ id, max, overall, assessors }: ScoreChartProps) {
  const t = useT();
  if (assessors.length === 0) return <p className="muted">{t("evaluation.chart.empty")}</p>;
  const plot = WIDTH - LABEL - 60;
  const scale = (v: number) => (max > 0 ? (Math.max(0, Math.min(v, max)) / max) * plot : 0);
  const height = assessors.length * (BAR + GAP) + 30;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <figure className="score-chart">
      <svg role="img" aria-labelledby={`${titleId} ${descId}`} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" style={{ maxWidth: WIDTH }}>
        <title id={titleId}>{t("evaluation.chart.title")}</title>
        <desc id={descId}>
          {t("evaluation.chart.desc", { overall: overall ?? "–", max })}{" "}
          {assessors.map((a) => t("evaluation.chart.row", { name: a.name, mean: a.mean, count: a.count })).join(" ")}
        </desc>
        {assessors.map((a, i) => {
          const y = i * (BAR + GAP) + 4;
          const above = overall !== null && a.mean >= overall;
          return (
            <g key={a.name}>
              <text x={LABEL - 8} y={y + BAR / 2 + 5} textAnchor="end" fontSize="13" fill="currentColor">
                {a.name}
              </text>
              <rect x={LABEL} y={y} width={scale(a.mean)} height={BAR} fill={above ? "#1d6f42" : "#9c3d10"} />
              <text x={LABEL + scale(a.mean) + 6} y={y + BAR / 2 + 5} fontSize="13" fill="currentColor">
                {a.mean}
              </text>
            </g>
          );
        })}
        {overall !== null ? (
          <g>
            <line x1={LABEL + scale(overall)} x2={LABEL + scale(overall)} y1={0} y2={height - 24} stroke="#1b3a6b" strokeWidth="2" strokeDasharray="5 3" />
            <text x={LABEL + scale(overall)} y={height - 8} textAnchor="middle" fontSize="12" fill="#1b3a6b">
              {t("evaluation.chart.overall", { overall })}
            </text>
          </g>
        ) : null}
      </svg>
      <figcaption className="visually-hidden">{t("evaluation.chart.title")}</figcaption>
      <div className="table-wrap">
        <table>
          <caption>{t("evaluation.chart.tableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("evaluation.col.assessor")}</th>
              <th scope="col" className="num">
                {t("evaluation.chart.count")}
              </th>
              <th scope="col" className="num">
                {t("evaluation.chart.mean")}
              </th>
              <th scope="col" className="num">
                {t("evaluation.chart.difference")}
              </th>
            </tr>
          </thead>
          <tbody>
            {assessors.map((a) => (
              <tr key={a.name}>
                <th scope="row">{a.name}</th>
                <td className="num">{a.count}</td>
                <td className="num">{a.mean}</td>
                <td className="num">{overall === null ? "–" : `${a.mean - overall >= 0 ? "+" : ""}${Math.round((a.mean - overall) * 100) / 100}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
