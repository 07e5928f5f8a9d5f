/** A small SVG line chart (no dependency): axes with round ticks, lines, a legend. */

export interface ChartSeries {
  name: string;
  points: Array<[number, number]>;
  color: string;
  dashed?: boolean;
}

export interface LineChart {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  xMax: number;
  yMax: number;
  series: ChartSeries[];
  /** Format tick labels, e.g. as percentages. */
  yTick?: (value: number) => string;
  xTick?: (value: number) => string;
  /** Where the x ticks go, when round steps from 0 would not fit the data (a log axis). */
  xTicks?: number[];
  /** Where the legend goes, away from the lines. */
  legend: 'top-left' | 'bottom-right';
}

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 460;
const MARGIN = { top: 64, right: 24, bottom: 56, left: 72 };

/** About `count` ticks at 1, 2 or 5 × 10^n. */
function ticks(max: number, count = 6): number[] {
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const out: number[] = [];
  for (let value = 0; value <= max + step / 1e6; value += step)
    out.push(Number(value.toPrecision(12)));
  return out;
}

/** The axis end: the last tick at or above `value`. */
export function niceMax(value: number): number {
  const all = ticks(value);
  const last = all[all.length - 1] ?? value;
  return last >= value ? last : last + (all[1] ?? value);
}

const escape = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export function renderLineChart(chart: LineChart): string {
  const plotW = CHART_WIDTH - MARGIN.left - MARGIN.right;
  const plotH = CHART_HEIGHT - MARGIN.top - MARGIN.bottom;
  const unclampedX = (value: number) => MARGIN.left + (value / chart.xMax) * plotW;
  const x = (value: number) => unclampedX(Math.min(value, chart.xMax));
  const y = (value: number) =>
    MARGIN.top + plotH - (Math.min(value, chart.yMax) / chart.yMax) * plotH;
  const xTick = chart.xTick ?? ((v: number) => v.toLocaleString('en-US'));
  const yTick = chart.yTick ?? ((v: number) => v.toLocaleString('en-US'));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="DejaVu Sans, Arial, sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="26" font-size="17" font-weight="bold" fill="#111">${escape(chart.title)}</text>`,
  ];
  if (chart.subtitle)
    parts.push(`<text x="${MARGIN.left}" y="46" fill="#555">${escape(chart.subtitle)}</text>`);
  for (const value of ticks(chart.yMax)) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(value)}" y2="${y(value)}" stroke="#e5e5e5"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(value) + 4}" text-anchor="end" fill="#444">${escape(yTick(value))}</text>`,
    );
  }
  for (const value of chart.xTicks ?? ticks(chart.xMax)) {
    parts.push(
      `<line x1="${x(value)}" x2="${x(value)}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 5}" stroke="#444"/>`,
      `<text x="${x(value)}" y="${MARGIN.top + plotH + 20}" text-anchor="middle" fill="#444">${escape(xTick(value))}</text>`,
    );
  }
  parts.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#444"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#444"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${CHART_HEIGHT - 14}" text-anchor="middle" fill="#222">${escape(chart.xLabel)}</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#222">${escape(chart.yLabel)}</text>`,
  );
  // A curve that goes on past the x axis's end leaves through the right edge at the height it
  // had there; clamping its points to the edge would draw a vertical line that is not in the data.
  // The clip reaches a stroke's width past the other edges, so a line along them stays whole.
  parts.push(
    `<defs><clipPath id="plot-area"><rect x="${MARGIN.left - 3}" y="${MARGIN.top - 3}" width="${plotW + 3}" height="${plotH + 6}"/></clipPath></defs>`,
  );
  for (const series of chart.series) {
    const path = series.points
      .map(([px, py], i) => `${i ? 'L' : 'M'}${unclampedX(px).toFixed(1)} ${y(py).toFixed(1)}`)
      .join(' ');
    parts.push(
      `<path d="${path}" fill="none" stroke="${series.color}" stroke-width="2.2"${series.dashed ? ' stroke-dasharray="6 4"' : ''} clip-path="url(#plot-area)"/>`,
    );
  }
  chart.series.forEach((series, index) => {
    const top = chart.legend === 'top-left';
    const ly = top
      ? MARGIN.top + 16 + index * 20
      : MARGIN.top + plotH - 14 - (chart.series.length - 1 - index) * 20;
    const lx = top ? MARGIN.left + 16 : MARGIN.left + plotW - 330;
    parts.push(
      `<line x1="${lx}" x2="${lx + 26}" y1="${ly - 4}" y2="${ly - 4}" stroke="${series.color}" stroke-width="3"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${lx + 34}" y="${ly}" fill="#222">${escape(series.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
