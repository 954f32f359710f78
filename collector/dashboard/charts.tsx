import type { FC } from 'hono/jsx';
import { fmtInt, fmtNum } from './format.js';

/** The axis top: 1, 2 or 5 times a power of ten at or above the largest value, so gridlines fall on round numbers (2 at least: the middle one then stays whole). */
export function niceCeiling(max: number): number {
  if (!(max > 2)) return 2;
  const power = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].map((m) => m * power).find((v) => v >= max) ?? 10 * power);
}

/**
 * A line chart drawn on the server as SVG: no script, no library, sharp at any size. Points are
 * [label, value]; labels are days. The first, middle and last labels go under the axis.
 */
export const LineChart: FC<{ points: [string, number][]; label: string; height?: number; format?: (n: number) => string }> = ({ points, label, height = 160, format = fmtNum }) => {
  const width = 640;
  const pad = { top: 12, right: 12, bottom: 24, left: 44 };
  const max = niceCeiling(Math.max(0, ...points.map(([, v]) => v)));
  const x = (i: number) => pad.left + (points.length <= 1 ? 0 : (i / (points.length - 1)) * (width - pad.left - pad.right));
  const y = (v: number) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
  const line = points.map(([, v], i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const area = points.length ? `${line} L${x(points.length - 1).toFixed(1)},${y(0)} L${x(0).toFixed(1)},${y(0)} Z` : '';
  const ticks = points.length ? [0, Math.floor((points.length - 1) / 2), points.length - 1] : [];
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} preserveAspectRatio="none">
      <title>{label}</title>
      {[0, 0.5, 1].map((f) => (
        <g>
          <line class="grid" x1={pad.left} x2={width - pad.right} y1={y(max * f)} y2={y(max * f)} />
          <text class="axis" x={pad.left - 6} y={y(max * f) + 4} text-anchor="end">
            {format(max * f)}
          </text>
        </g>
      ))}
      <path class="area" d={area} />
      <path class="line" d={line} />
      {ticks.map((i) => (
        <text class="axis" x={x(i)} y={height - 6} text-anchor={i === 0 ? 'start' : i === points.length - 1 ? 'end' : 'middle'}>
          {points[i]?.[0] ?? ''}
        </text>
      ))}
    </svg>
  );
};

/** Horizontal bars: a label, a bar in proportion to the largest value, the value. */
export const BarList: FC<{ rows: { label: string; value: number; note?: string }[]; format?: (n: number) => string }> = ({ rows, format = fmtInt }) => {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <ul class="bars">
      {rows.map((r) => (
        <li>
          <span class="bar-label">{r.label}</span>
          <svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
            <rect class="bar" width={((r.value / max) * 100).toFixed(2)} height="10" rx="1" />
          </svg>
          <span class="bar-value">
            {format(r.value)}
            {r.note ? <small> {r.note}</small> : null}
          </span>
        </li>
      ))}
    </ul>
  );
};
