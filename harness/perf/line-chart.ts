import { escapeXml } from '../report/xml-escape.ts';

/**
 * A line chart in plain SVG, for perf scenarios that sweep a parameter (the distribution time
 * against N, say): a few series of (x, y) points on linear axes from 0, a tick per x value given,
 * a legend. Standalone SVG, so a browser or an image viewer opens it as it is.
 */

export interface ChartSeries {
  label: string;
  /** A CSS colour. */
  color: string;
  /** Drawn dashed (the model, say, beside the measured line). */
  dashed?: boolean;
  points: [number, number][];
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
}

const width = 640;
const height = 400;
const margin = { left: 60, right: 20, top: 40, bottom: 50 };

/** A round step for about five y ticks. */
function tickStep(max: number): number {
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough) ?? rough;
}

const number = (value: number): string => (Number.isInteger(value) ? String(value) : value.toPrecision(3).replace(/\.?0+$/, ''));

export function lineChartSvg(chart: LineChart): string {
  const points = chart.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const maxX = Math.max(1e-9, ...points.map(([x]) => x));
  const rawMaxY = Math.max(1e-9, ...points.map(([, y]) => y));
  const step = tickStep(rawMaxY);
  const maxY = Math.ceil(rawMaxY / step) * step;
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const x = (value: number): string => (margin.left + (value / maxX) * plotWidth).toFixed(1);
  const y = (value: number): string => (margin.top + plotHeight - (value / maxY) * plotHeight).toFixed(1);
  const xTicks = [...new Set(points.map(([px]) => px))].sort((a, b) => a - b);
  const yTicks = Array.from({ length: Math.round(maxY / step) + 1 }, (_, i) => i * step);
  const bottom = margin.top + plotHeight;
  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" font-size="14" text-anchor="middle">${escapeXml(chart.title)}</text>`,
    `<line x1="${margin.left}" y1="${bottom}" x2="${width - margin.right}" y2="${bottom}" stroke="black"/>`,
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${bottom}" stroke="black"/>`,
    ...xTicks.map((t) => `<text x="${x(t)}" y="${bottom + 16}" font-size="11" text-anchor="middle">${number(t)}</text>`),
    ...yTicks.map((t) => `<line x1="${margin.left - 4}" y1="${y(t)}" x2="${margin.left}" y2="${y(t)}" stroke="black"/><text x="${margin.left - 7}" y="${(Number(y(t)) + 4).toFixed(1)}" font-size="11" text-anchor="end">${number(t)}</text>`),
    `<text x="${margin.left + plotWidth / 2}" y="${height - 12}" font-size="12" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`,
    `<text x="16" y="${margin.top + plotHeight / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 16 ${margin.top + plotHeight / 2})">${escapeXml(chart.yLabel)}</text>`,
  ];
  chart.series.forEach((series, i) => {
    const dash = series.dashed ? ' stroke-dasharray="6 4"' : '';
    const finite = series.points.filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py));
    const coordinates = finite.map(([px, py]) => `${x(px)},${y(py)}`).join(' ');
    const colour = escapeXml(series.color);
    lines.push(`<polyline fill="none" stroke="${colour}" stroke-width="2"${dash} points="${coordinates}"/>`);
    for (const [px, py] of finite) lines.push(`<circle cx="${x(px)}" cy="${y(py)}" r="2.5" fill="${colour}"/>`);
    const legendY = margin.top + 8 + i * 18;
    const legendX = margin.left + 16;
    lines.push(`<line x1="${legendX}" y1="${legendY}" x2="${legendX + 30}" y2="${legendY}" stroke="${colour}" stroke-width="2"${dash}/>`);
    lines.push(`<text x="${legendX + 36}" y="${legendY + 4}" font-size="12">${escapeXml(series.label)}</text>`);
  });
  lines.push('</svg>');
  return `${lines.join('\n')}\n`;
}
