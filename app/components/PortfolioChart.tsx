// A horizontal bar chart drawn as SVG on the server (no script): one row per category, one
// or two bars per row (e.g. committed and disbursed). The picture is an image with a title
// and a description; the same figures follow in a table that only screen readers see.
//
// The portfolio draws four of them with up to a hundred rows each: the markup is written as
// one string (escaped like React escapes text) instead of a thousand React elements, which
// the server would otherwise build, render and throw away on every request.
import { useId } from "react";
import { memoMarkup } from "~/components/portfolio-markup.ts";
import { escapeHtml } from "~/utils/html.ts";

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

/** A coordinate to two decimals (a hundredth of a unit in a 660-unit-wide picture). */
const coord = (n: number) => String(Math.round(n * 100) / 100);

/**
 * The figure's content: caption, picture and table. Elements that share attributes are
 * grouped (the labels, each series' bars, the amounts) so that each row writes only where
 * it goes: about half the bytes of one group per row, and the same picture.
 */
export function chartMarkup(id: string, props: { title: string; description: string; categoryHeader: string; series: ChartSeries[]; rows: ChartRow[]; format: (value: number) => string }): string {
  const { series, rows, format } = props;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const title = escapeHtml(props.title);
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const barHeight = (ROW_HEIGHT - BAR_GAP * (series.length - 1)) / series.length;
  const legendHeight = series.length > 1 ? 24 : 0;
  const height = legendHeight + rows.length * (ROW_HEIGHT + ROW_GAP);
  const seriesLabels = series.map((s) => escapeHtml(s.label));
  const labels: string[] = [];
  const bars: string[][] = series.map(() => []);
  const amounts: string[] = [];
  const table: string[] = [];
  rows.forEach((r, i) => {
    const top = legendHeight + i * (ROW_HEIGHT + ROW_GAP);
    const label = escapeHtml(r.label);
    labels.push(`<text x="${LABEL_WIDTH - 8}" y="${top + ROW_HEIGHT / 2 + 4}"><title>${label}</title>${escapeHtml(shorten(r.label))}</text>`);
    const cells: string[] = [];
    series.forEach((_, j) => {
      const value = r.values[j] ?? 0;
      const amount = escapeHtml(format(value));
      const w = Math.max(value > 0 ? 1 : 0, (value / max) * BAR_WIDTH);
      const y = top + j * (barHeight + BAR_GAP);
      bars[j]?.push(`<rect x="${LABEL_WIDTH}" y="${coord(y)}" width="${coord(w)}" height="${coord(barHeight)}"/>`);
      amounts.push(`<text x="${coord(LABEL_WIDTH + w + 6)}" y="${coord(y + barHeight / 2 + 4)}">${amount}</text>`);
      cells.push(`<td>${amount}</td>`);
    });
    table.push(`<tr><th scope="row">${label}</th>${cells.join("")}</tr>`);
  });
  return [
    `<figcaption id="${escapeHtml(id)}-caption"><strong>${title}</strong></figcaption>`,
    `<svg role="img" aria-labelledby="${escapeHtml(`${titleId} ${descId}`)}" viewBox="0 0 ${WIDTH} ${height}" width="100%" style="max-width:${WIDTH}px;height:auto;display:block;font-family:inherit" preserveAspectRatio="xMinYMin meet">`,
    `<title id="${escapeHtml(titleId)}">${title}</title><desc id="${escapeHtml(descId)}">${escapeHtml(props.description)}</desc>`,
    series.length > 1
      ? series
          .map(
            (s, i) =>
              `<g transform="translate(${LABEL_WIDTH + i * 150}, 4)"><rect width="12" height="12" fill="${escapeHtml(s.colour)}"/><text x="18" y="11" font-size="12" fill="currentColor">${seriesLabels[i]}</text></g>`,
          )
          .join("")
      : "",
    `<g font-size="12" text-anchor="end" fill="currentColor">${labels.join("")}</g>`,
    ...series.map((s, j) => `<g fill="${escapeHtml(s.colour)}">${(bars[j] ?? []).join("")}</g>`),
    `<g font-size="11" fill="currentColor">${amounts.join("")}</g>`,
    "</svg>",
    `<table class="visually-hidden"><caption>${title}</caption><thead><tr><th scope="col">${escapeHtml(props.categoryHeader)}</th>${seriesLabels.map((l) => `<th scope="col">${l}</th>`).join("")}</tr></thead><tbody>${table.join("")}</tbody></table>`,
  ].join("");
}

export function PortfolioChart(props: {
  title: string;
  description: string;
  empty: string;
  /** The table's header for the category column. */
  categoryHeader: string;
  series: ChartSeries[];
  /** How many rows; the rows themselves are asked for only when the markup is written. */
  count: number;
  rows: () => ChartRow[];
  format: (value: number) => string;
  /** Keeps the markup for this part of the page showing this view (see memoMarkup). */
  memo: { view: string; part: string };
}) {
  const id = useId();
  if (props.count === 0) {
    return (
      <figure className="chart" style={{ margin: "0 0 1.5rem" }}>
        <figcaption>
          <strong>{props.title}</strong>
        </figcaption>
        <p className="empty">{props.empty}</p>
      </figure>
    );
  }
  const html = memoMarkup(props.memo.view, `${props.memo.part} ${id}`, () => chartMarkup(id, { ...props, rows: props.rows() }));
  return <figure className="chart" style={{ margin: "0 0 1.5rem" }} dangerouslySetInnerHTML={{ __html: html }} />;
}
