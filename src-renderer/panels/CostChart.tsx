/** Cost per month against runs per month: the low–high band, the expected line, and the chosen volume marked. */
import { formatRuns, formatUsd, type CostProjection } from '../../shared/cost';

const W = 340;
const H = 170;
const PAD = { left: 52, right: 12, top: 12, bottom: 26 };

export function CostChart({ curve, volume }: { curve: CostProjection['curve']; volume: number }) {
  const maxX = Math.max(...curve.map((c) => c.volume), 1);
  const maxY = Math.max(...curve.map((c) => c.high), 1e-9);
  const x = (v: number) => PAD.left + (v / maxX) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / maxY) * (H - PAD.top - PAD.bottom);
  const pts = [{ volume: 0, low: 0, expected: 0, high: 0 }, ...curve];
  const band = [
    ...pts.map((c) => `${x(c.volume).toFixed(1)},${y(c.high).toFixed(1)}`),
    ...[...pts].reverse().map((c) => `${x(c.volume).toFixed(1)},${y(c.low).toFixed(1)}`),
  ].join(' ');
  const line = pts.map((c) => `${x(c.volume).toFixed(1)},${y(c.expected).toFixed(1)}`).join(' ');
  const here = curve.find((c) => Math.abs(c.volume - volume) < 1e-6 * Math.max(1, volume));
  const yTicks = [0, 0.5, 1].map((f) => f * maxY);
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * maxX);
  return (
    <svg
      className="wm-cost-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Cost per month from ${formatUsd(0)} to ${formatUsd(curve.at(-1)?.expected ?? 0)} at ${formatRuns(maxX)} runs a month`}
      data-testid="cost-chart"
    >
      {yTicks.map((t) => (
        <g key={`y${t}`}>
          <line className="wm-cost-chart__grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
          <text className="wm-cost-chart__tick" x={PAD.left - 6} y={y(t) + 3} textAnchor="end">
            {formatUsd(t)}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text key={`x${t}`} className="wm-cost-chart__tick" x={x(t)} y={H - 8} textAnchor="middle">
          {formatRuns(t, true)}
        </text>
      ))}
      <polygon className="wm-cost-chart__band" points={band} />
      <polyline className="wm-cost-chart__line" points={line} />
      {here && (
        <g>
          <line
            className="wm-cost-chart__marker"
            x1={x(here.volume)}
            x2={x(here.volume)}
            y1={PAD.top}
            y2={H - PAD.bottom}
          />
          <circle className="wm-cost-chart__dot" cx={x(here.volume)} cy={y(here.expected)} r={4} />
          <text
            className="wm-cost-chart__label"
            x={x(here.volume) + 7}
            y={Math.max(PAD.top + 10, y(here.expected) - 8)}
          >
            {formatUsd(here.expected)}
          </text>
        </g>
      )}
    </svg>
  );
}
