import type { FC } from 'hono/jsx';
import { dayTicks, fullDay, valueTicks } from './chart-axes.js';
import { fmtInt, fmtNum } from './format.js';

export { dayTicks, fullDay, valueTicks } from './chart-axes.js';

/** The plot's own width in its coordinates; the browser stretches it to the card, the text around it is not stretched. */
const PLOT_W = 1000;
/** Room above the plot for the top value label, and below it for the dates. */
const TOP = 16;
const BOTTOM = 22;

/**
 * A line chart of one value per day, drawn on the server as SVG: no library, sharp at any width.
 * The plot is a nested SVG stretched to the card (the line keeps its width); labels sit in the
 * outer SVG in pixels and percentages, so they never stretch. Every day has a hit area with its
 * date and value (an SVG <title>, and the data the dashboard's script shows as a tooltip with a
 * marker on the line). Works under the dashboard's CSP: no inline style, only attributes and classes.
 */
export const LineChart: FC<{ points: [string, number][]; label: string; height?: number; format?: (n: number) => string }> = ({ points, label, height = 180, format = fmtNum }) => {
  const n = points.length;
  const plotH = height - TOP - BOTTOM;
  const values = points.map(([, v]) => (Number.isFinite(v) ? v : 0));
  const ticks = valueTicks(Math.max(0, ...values), values.every(Number.isInteger));
  const top = ticks.at(-1)!;
  const share = (v: number) => Math.min(1, Math.max(0, v / top));
  const px = (i: number) => (n <= 1 ? PLOT_W / 2 : (i / (n - 1)) * PLOT_W);
  const py = (v: number) => (1 - share(v)) * plotH;
  const line = n === 1 ? `M0,${py(values[0]!).toFixed(1)} L${PLOT_W},${py(values[0]!).toFixed(1)}` : values.map((v, i) => `${i ? 'L' : 'M'}${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(' ');
  const area = n ? `${line} L${n === 1 ? PLOT_W : px(n - 1).toFixed(1)},${plotH} L0,${plotH} Z` : '';
  const half = n <= 1 ? PLOT_W / 2 : PLOT_W / (n - 1) / 2;
  const peak = values.reduce((best, v, i) => (v > values[best]! ? i : best), 0);
  const summary = n ? `${label}: ${points[0]![0]} to ${points[n - 1]![0]}, highest ${format(values[peak]!)} on ${points[peak]![0]}` : label;
  return (
    <svg class="chart" width="100%" height={height} role="img" aria-label={summary} data-chart="">
      <title>{summary}</title>
      {ticks.map((t) => (
        <line class={t === 0 ? 'grid base' : 'grid'} x1="0" x2="100%" y1={TOP + py(t)} y2={TOP + py(t)} />
      ))}
      <svg x="0" y={TOP} width="100%" height={plotH} viewBox={`0 0 ${PLOT_W} ${plotH}`} preserveAspectRatio="none" class="plot">
        <path class="area" d={area} />
        <path class="line" d={line} />
        {points.map(([day, v], i) => (
          <rect
            class="hit"
            x={n <= 1 ? 0 : Math.max(0, px(i) - half).toFixed(2)}
            y="0"
            width={n <= 1 ? PLOT_W : (Math.min(PLOT_W, px(i) + half) - Math.max(0, px(i) - half)).toFixed(2)}
            height={plotH}
            data-day={fullDay(day)}
            data-value={format(v)}
            data-x={(px(i) / PLOT_W).toFixed(4)}
            data-y={share(values[i]!).toFixed(4)}
          >
            <title>{`${fullDay(day)}: ${format(v)}`}</title>
          </rect>
        ))}
      </svg>
      {ticks.map((t) => (
        <text class="axis value" x="0" y={TOP + py(t) - 4}>
          {format(t)}
        </text>
      ))}
      {dayTicks(points.map(([day]) => day)).map((t) => (
        <text class="axis day" x={`${n <= 1 ? 50 : ((t.index / (n - 1)) * 100).toFixed(2)}%`} y={height - 6} text-anchor={n <= 1 ? 'middle' : t.index === 0 ? 'start' : t.index === n - 1 ? 'end' : 'middle'}>
          {t.label}
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
          <span class="bar-label" title={r.label}>
            {r.label}
          </span>
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
