/**
 * Charts drawn on the server as SVG: readable without scripts, scaled by `viewBox` to the width
 * of the page (360 px phones included), and described for screen readers by `role="img"` with a
 * label that states the numbers. Every chart goes with a text table of the same figures.
 */

export interface BarRow {
  label: string;
  current: number;
  /** The previous period's figure; null when there is none to compare with. */
  previous: number | null;
}

export interface BarChartProps {
  id: string;
  rows: BarRow[];
  legendCurrent: string;
  legendPrevious: string;
  /** The whole label: the title and every row's numbers, e.g. "Needs: A 54 (33); B 46 (32)". */
  summary: string;
  /** How a value is written next to its bar (locale's digits, units). */
  format: (n: number) => string;
}

/** Colours: both bars are 4.5:1 or better against white; they differ in hue, thickness and place too. */
export const CHART_COLOURS = { current: '#0b57d0', previous: '#767676', text: '#1a1a1a', grid: '#dadce0' } as const;

const WIDTH = 440;
const LEGEND = 34;
const ROW = 60;
/** Room on the right for the value written after the longest bar. */
const VALUE_ROOM = 64;
const LABEL_MAX = 50;

const clip = (s: string) => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s);

/**
 * Horizontal bars, two a row: this period (thick, blue) above the previous one (thin, grey). The
 * row's label sits on its own line above the bars so long labels fit narrow screens.
 */
export function BarChart(props: BarChartProps) {
  const { rows } = props;
  const max = Math.max(0, ...rows.flatMap((r) => [r.current, r.previous ?? 0]));
  const span = WIDTH - VALUE_ROOM;
  const length = (n: number) => (max > 0 ? Math.max(n > 0 ? 2 : 0, (n / max) * span) : 0);
  const height = LEGEND + rows.length * ROW + 4;
  const titleId = `${props.id}-title`;
  return (
    <svg
      id={props.id}
      class="chart"
      role="img"
      aria-label={props.summary}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
      style="width:100%;max-width:34rem;height:auto;display:block"
      xmlns="http://www.w3.org/2000/svg"
      font-family="system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"
    >
      <title id={titleId}>{props.summary}</title>
      <g aria-hidden="true">
        <rect x="0" y="6" width="18" height="14" fill={CHART_COLOURS.current} />
        <text x="24" y="18" font-size="15" fill={CHART_COLOURS.text}>
          {props.legendCurrent}
        </text>
        <rect x={WIDTH / 2} y="9" width="18" height="8" fill={CHART_COLOURS.previous} />
        <text x={WIDTH / 2 + 24} y="18" font-size="15" fill={CHART_COLOURS.text}>
          {props.legendPrevious}
        </text>
        {rows.map((r, i) => {
          const top = LEGEND + i * ROW;
          const cur = length(r.current);
          const prev = r.previous === null ? 0 : length(r.previous);
          return (
            <g>
              <text x="0" y={top + 15} font-size="15" fill={CHART_COLOURS.text}>
                {clip(r.label)}
              </text>
              <line x1="0.5" x2="0.5" y1={top + 20} y2={top + 52} stroke={CHART_COLOURS.grid} />
              <rect x="0" y={top + 21} width={cur.toFixed(1)} height="16" fill={CHART_COLOURS.current} />
              <text x={(cur + 6).toFixed(1)} y={top + 34} font-size="15" font-weight="600" fill={CHART_COLOURS.text}>
                {props.format(r.current)}
              </text>
              {r.previous === null ? null : (
                <>
                  <rect x="0" y={top + 41} width={prev.toFixed(1)} height="9" fill={CHART_COLOURS.previous} />
                  <text x={(prev + 6).toFixed(1)} y={top + 50} font-size="14" fill={CHART_COLOURS.text}>
                    {props.format(r.previous)}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </g>
    </svg>
  );
}
