// Partner activation charts (visx, see chart-kit.ts): how many partners reach each funnel step, the step each
// partner stalls at, and partner-sourced pipeline per month.
import { AxisBottom, AxisLeft, AxisTop } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import { COLORS, compact, tickLabel, truncate } from "./chart-kit.ts";

export interface FunnelStepDatum { step: string; label: string; reached: number; stalled: number }
export interface PartnerFunnelDatum { id: string; name: string; stalledAt: string | null; funnel: Array<{ step: string; reached: boolean; at: string | null }> }
export interface MonthDatum { month: string; amount: number; deals: number }

/** How many partners reach each step: a bar per step, the partners stalled there stacked in amber after it. */
export function FunnelChart({ steps, total }: { steps: FunnelStepDatum[]; total: number }) {
  const labelW = 170, chartW = 300, rowH = 26, padTop = 22, valueW = 90;
  const width = labelW + chartW + valueW, height = padTop + steps.length * rowH + 6;
  const x = scaleLinear<number>({ domain: [0, Math.max(1, total)], range: [0, chartW] });
  const y = scaleBand<string>({ domain: steps.map((s) => s.step), range: [0, steps.length * rowH], padding: 0.22 });
  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="small muted" style={{ marginBottom: 6 }}>Partners reaching each step (stalled there)</figcaption>
      <svg width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Activation funnel" style={{ maxWidth: width, display: "block" }}>
        <Group left={labelW} top={padTop}>
          <AxisTop scale={x} numTicks={Math.min(total, 5)} hideAxisLine tickStroke={COLORS.axis} tickLength={3} tickFormat={(v) => (Number.isInteger(Number(v)) ? String(v) : "")}
            tickLabelProps={() => ({ ...tickLabel, textAnchor: "middle" })} />
          {steps.map((s) => {
            const top = y(s.step) ?? 0, h = y.bandwidth();
            return (
              <g key={s.step} data-testid={`funnel-${s.step}`}>
                <text x={-8} y={top + h / 2 + 4} textAnchor="end" fontSize="12" fill={COLORS.text}>{s.label}</text>
                <Bar x={0} y={top} width={chartW} height={h} fill={COLORS.notReached} rx={3} />
                <Bar x={0} y={top} width={Math.max(s.reached ? 2 : 0, x(s.reached))} height={h} fill={COLORS.reached} rx={3}><title>{`${s.label}: ${s.reached} of ${total}`}</title></Bar>
                {s.stalled > 0 && (
                  <Bar x={x(s.reached)} y={top} width={Math.max(2, x(s.stalled))} height={h} fill={COLORS.stalled} rx={3} opacity={0.85}>
                    <title>{`${s.stalled} partner${s.stalled === 1 ? "" : "s"} stall at ${s.label}`}</title>
                  </Bar>
                )}
                <text x={chartW + 6} y={top + h / 2 + 4} fontSize="11" fill={COLORS.label}>{s.reached}{s.stalled ? ` (${s.stalled} stall)` : ""}</text>
              </g>
            );
          })}
        </Group>
      </svg>
    </figure>
  );
}

/** One row per partner across the funnel steps: reached (indigo), the step it stalls at (amber), not reached (grey). */
export function PartnerStallChart({ partners, steps, selected, onSelect }: {
  partners: PartnerFunnelDatum[]; steps: Array<{ step: string; label: string }>; selected?: string | null; onSelect?: (id: string) => void;
}) {
  const shown = partners.slice(0, 20);
  const labelW = 160, cellW = 52, rowH = 22, padTop = 58;
  const chartW = steps.length * cellW, width = labelW + chartW + 8, height = padTop + shown.length * rowH + 4;
  const x = scaleBand<string>({ domain: steps.map((s) => s.step), range: [0, chartW], padding: 0.08 });
  const y = scaleBand<string>({ domain: shown.map((p) => p.id), range: [0, shown.length * rowH], padding: 0.15 });
  const labelOf = new Map(steps.map((s) => [s.step, s.label]));
  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="small muted" style={{ marginBottom: 6 }}>Where each partner stalls{partners.length > shown.length ? ` · first ${shown.length} of ${partners.length}` : ""}</figcaption>
      <svg width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Where each partner stalls" style={{ maxWidth: width, display: "block" }}>
        <Group left={labelW} top={padTop}>
          <AxisTop scale={x} hideAxisLine hideTicks tickFormat={(s) => truncate(labelOf.get(String(s)) ?? String(s), 14)}
            tickLabelProps={() => ({ ...tickLabel, textAnchor: "start", angle: -30, dy: -2 })} />
          {shown.map((p) => {
            const top = y(p.id) ?? 0, isSelected = selected === p.id;
            return (
              <g key={p.id} data-testid={`stall-${p.id}`} onClick={onSelect ? () => onSelect(p.id) : undefined} style={{ cursor: onSelect ? "pointer" : undefined }}>
                <Bar x={-labelW} y={top - 2} width={width} height={y.bandwidth() + 4} fill={isSelected ? "#eef0ff" : "transparent"} rx={4} />
                <text x={-8} y={top + y.bandwidth() / 2 + 4} textAnchor="end" fontSize="12" fill={COLORS.text} fontWeight={isSelected ? 600 : 400}>{truncate(p.name, 22)}</text>
                {p.funnel.map((s) => {
                  const isStall = p.stalledAt === s.step;
                  return (
                    <Bar key={s.step} x={x(s.step) ?? 0} y={top} width={x.bandwidth()} height={y.bandwidth()} rx={3} data-stall={isStall ? "true" : undefined}
                      fill={s.reached ? COLORS.reached : isStall ? COLORS.stalled : COLORS.notReached}>
                      <title>{`${p.name}: ${labelOf.get(s.step) ?? s.step} ${s.reached ? `reached${s.at ? ` ${s.at.slice(0, 10)}` : ""}` : isStall ? "— stalls here" : "not reached"}`}</title>
                    </Bar>
                  );
                })}
              </g>
            );
          })}
        </Group>
      </svg>
    </figure>
  );
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "2026-11" → "Nov 26". */
const monthLabel = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1] ?? m.slice(5, 7)} ${m.slice(2, 4)}`;

/** Partner-sourced pipeline per month: vertical bars with a value axis. */
export function PipelineChart({ months }: { months: MonthDatum[] }) {
  const shown = months.slice(-18);
  const left = 44, chartH = 140, padTop = 16, padBottom = 24;
  const chartW = Math.max(160, shown.length * 34), width = left + chartW + 8, height = padTop + chartH + padBottom;
  const x = scaleBand<string>({ domain: shown.map((m) => m.month), range: [0, chartW], padding: 0.25 });
  const y = scaleLinear<number>({ domain: [0, Math.max(1, ...shown.map((m) => m.amount))], range: [chartH, 0], nice: true });
  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="small muted" style={{ marginBottom: 6 }}>Partner-sourced pipeline per month (deals opened by a partner's intro or attributed as sourced)</figcaption>
      {!shown.length ? <p className="small muted">No partner-sourced deals yet.</p> : (
        <svg width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Partner-sourced pipeline per month" style={{ maxWidth: width, display: "block" }}>
          <Group left={left} top={padTop}>
            {y.ticks(4).map((t) => <line key={t} x1={0} x2={chartW} y1={y(t)} y2={y(t)} stroke={COLORS.grid} />)}
            <AxisLeft scale={y} numTicks={4} stroke={COLORS.axis} tickStroke={COLORS.axis} tickLength={3} tickFormat={(v) => compact(Number(v))}
              tickLabelProps={() => ({ ...tickLabel, textAnchor: "end", dx: -2, dy: 3 })} />
            <AxisBottom scale={x} top={chartH} stroke={COLORS.axis} hideTicks tickFormat={(m) => monthLabel(String(m))} tickLabelProps={() => ({ ...tickLabel, textAnchor: "middle" })} />
            {shown.map((m) => {
              // Few months: keep the bars slim instead of stretching one bar across the chart.
              const bw = Math.min(28, x.bandwidth()), bx = (x(m.month) ?? 0) + (x.bandwidth() - bw) / 2, h = chartH - y(m.amount);
              return (
                <g key={m.month} data-testid={`month-${m.month}`}>
                  <Bar x={bx} y={chartH - Math.max(m.amount ? 2 : 0, h)} width={bw} height={Math.max(m.amount ? 2 : 0, h)} fill={COLORS.sourced} rx={2}>
                    <title>{`${m.month}: ${m.amount.toLocaleString()} (${m.deals} deal${m.deals === 1 ? "" : "s"})`}</title>
                  </Bar>
                  <text x={bx + bw / 2} y={chartH - h - 3} textAnchor="middle" fontSize="9" fill={COLORS.muted}>{m.amount ? compact(m.amount) : ""}</text>
                </g>
              );
            })}
          </Group>
        </svg>
      )}
    </figure>
  );
}
