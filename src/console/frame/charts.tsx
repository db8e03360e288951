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

/**
 * Columns drawn in HTML and CSS (no SVG, no script): one bar per day, week or month, with a dashed
 * line for a figure to compare with (the previous period's average). The text stays the page's
 * size at any width, the bars stretch to the width there is, and the whole chart is one image for
 * screen readers, labelled with every bar's number. Styles: `CHART_CSS`.
 */
export interface Column {
  /** The bar's value, and its words for a pointer's tooltip ("3 June: 5"). */
  value: number;
  title: string;
}

export interface ColumnChartProps {
  id: string;
  columns: Column[];
  /** Words under the axis, spread evenly from the first column to the last. */
  axis: string[];
  /** The dashed line's value, if any. */
  reference?: number | null;
  /** The whole chart for screen readers: the title and every column's number. */
  summary: string;
  /** How the top of the scale is written. */
  format: (n: number) => string;
}

export function ColumnChart(props: ColumnChartProps) {
  const max = Math.max(1, ...props.columns.map((c) => c.value), props.reference ?? 0);
  const pct = (n: number) => `${((n / max) * 100).toFixed(2)}%`;
  return (
    <div class="cols" id={props.id} role="img" aria-label={props.summary}>
      <div class="cols-plot" aria-hidden="true">
        <span class="cols-max">{props.format(max)}</span>
        {props.columns.map((c) => (
          <span class="cols-bar" title={c.title} style={`height:${c.value > 0 ? pct(c.value) : '0'}`}></span>
        ))}
        {props.reference !== undefined && props.reference !== null ? <span class="cols-ref" style={`bottom:${pct(props.reference)}`}></span> : null}
      </div>
      <div class="cols-axis" aria-hidden="true">
        {props.axis.map((a) => (
          <span>{a}</span>
        ))}
      </div>
    </div>
  );
}

/** A row's bars: this period (thick, blue) over the previous one (thin, grey), as shares of the longest. */
export function RowBars(props: { current: number; previous: number | null; max: number }) {
  const w = (n: number) => (props.max > 0 && n > 0 ? `width:${Math.max(0.75, (n / props.max) * 100).toFixed(1)}%` : 'width:0');
  return (
    <span class="rowbars" aria-hidden="true">
      <span class="rb-cur" style={w(props.current)}></span>
      {props.previous === null ? null : <span class="rb-prev" style={w(props.previous)}></span>}
    </span>
  );
}

/** The styles of `ColumnChart` and `RowBars`; colours as `CHART_COLOURS`, printed as on screen. */
export const CHART_CSS = `.cols{margin:1.5rem 0 0}
.cols-plot{position:relative;display:flex;align-items:flex-end;gap:2px;height:7rem;border-top:1px dotted ${CHART_COLOURS.grid};border-bottom:1px solid #5f6368}
.cols-bar{flex:1 1 0;min-width:0;background:${CHART_COLOURS.current}}
.cols-ref{position:absolute;left:0;right:0;height:0;border-top:2px dashed ${CHART_COLOURS.text}}
.cols-max{position:absolute;top:-1.35rem;left:0;font-size:.8rem;color:#444}
.cols-axis{display:flex;justify-content:space-between;gap:.5rem;font-size:.8rem;color:#444;margin:.15rem 0 0}
.legend{display:flex;flex-wrap:wrap;gap:.1rem 1rem;font-size:.85rem;color:#444;margin:.35rem 0 0;padding:0;list-style:none}
.sw{display:inline-block;width:.9rem;height:.6rem;margin-right:.35rem;vertical-align:baseline}
.sw.cur{background:${CHART_COLOURS.current}}
.sw.prev{background:${CHART_COLOURS.previous};height:.35rem}
.sw.ref{height:0;border-top:2px dashed ${CHART_COLOURS.text};vertical-align:middle}
.rowbars{display:block;margin:.2rem 0 .1rem}
.rb-cur,.rb-prev{display:block;height:.55rem;background:${CHART_COLOURS.current}}
.rb-prev{height:.3rem;margin-top:2px;background:${CHART_COLOURS.previous}}
.cols-bar,.cols-ref,.sw,.rb-cur,.rb-prev{-webkit-print-color-adjust:exact;print-color-adjust:exact}`;
