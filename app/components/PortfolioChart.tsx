// A horizontal bar chart drawn as SVG on the server (no script): one row per category, one
// or two bars per row (e.g. committed and disbursed). The picture is an image with a title
// and a description; the same figures follow in a table that only screen readers see.
import { useId } from "react";

export interface ChartSeries {
  label: string;
  /** A CSS colour; the bars also differ by position and the legend names them. */
  colour: string;
}

export interface ChartRow {
  key: string;
  label: string;
  /** One value per series, in the series' order. */
  values: number[];
}

const ROW_HEIGHT = 22;
const BAR_GAP = 2;
const ROW_GAP = 10;
const LABEL_WIDTH = 210;
const BAR_WIDTH = 300;
const VALUE_WIDTH = 150;
const WIDTH = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;

/** Cuts a long category name to fit the label column (the full name is in the table and the tooltip). */
function shorten(text: string, max = 30): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function PortfolioChart(props: {
  title: string;
  description: string;
  empty: string;
  /** The table's header for the category column. */
  categoryHeader: string;
  series: ChartSeries[];
  rows: ChartRow[];
  format: (value: number) => string;
}) {
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const { series, rows, format } = props;
  if (rows.length === 0) {
    return (
      <figure className="chart" style={{ margin: "0 0 1.5rem" }}>
        <figcaption>
          <strong>{props.title}</strong>
        </figcaption>
        <p className="empty">{props.empty}</p>
      </figure>
    );
  }
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const barHeight = (ROW_HEIGHT - BAR_GAP * (series.length - 1)) / series.length;
  const legendHeight = series.length > 1 ? 24 : 0;
  const height = legendHeight + rows.length * (ROW_HEIGHT + ROW_GAP);
  return (
    <figure className="chart" style={{ margin: "0 0 1.5rem" }}>
      <figcaption id={`${id}-caption`}>
        <strong>{props.title}</strong>
      </figcaption>
      <svg
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        style={{ maxWidth: `${WIDTH}px`, height: "auto", display: "block", fontFamily: "inherit" }}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={titleId}>{props.title}</title>
        <desc id={descId}>{props.description}</desc>
        {series.length > 1
          ? series.map((s, i) => (
              <g key={s.label} transform={`translate(${LABEL_WIDTH + i * 150}, 4)`}>
                <rect width="12" height="12" fill={s.colour} />
                <text x="18" y="11" fontSize="12" fill="currentColor">
                  {s.label}
                </text>
              </g>
            ))
          : null}
        {rows.map((r, i) => {
          const y = legendHeight + i * (ROW_HEIGHT + ROW_GAP);
          return (
            <g key={r.key} transform={`translate(0, ${y})`}>
              <text x={LABEL_WIDTH - 8} y={ROW_HEIGHT / 2 + 4} fontSize="12" textAnchor="end" fill="currentColor">
                <title>{r.label}</title>
                {shorten(r.label)}
              </text>
              {series.map((s, j) => {
                const value = r.values[j] ?? 0;
                const w = Math.max(value > 0 ? 1 : 0, (value / max) * BAR_WIDTH);
                const by = j * (barHeight + BAR_GAP);
                return (
                  <g key={s.label}>
                    <rect x={LABEL_WIDTH} y={by} width={w} height={barHeight} fill={s.colour} />
                    <text x={LABEL_WIDTH + w + 6} y={by + barHeight / 2 + 4} fontSize="11" fill="currentColor">
                      {format(value)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <table className="visually-hidden">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{props.categoryHeader}</th>
            {series.map((s) => (
              <th key={s.label} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              {series.map((s, j) => (
                <td key={s.label}>{format(r.values[j] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
