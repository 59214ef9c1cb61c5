// Partner revenue charts (visx, see chart-kit.ts): sourced vs influenced bars per partner, and the win-rate pair.
import { AxisTop } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import { COLORS, compact, tickLabel, truncate } from "./chart-kit.ts";

export interface BarDatum { id: string; label: string; sourced: number; influenced: number }

/** Horizontal grouped bars: per partner, one sourced and one influenced bar; click a partner to drill down. */
export function AttributionBarChart({ data, title, max = 12, selected, onSelect }: {
  data: BarDatum[]; title: string; max?: number; selected?: string | null; onSelect?: (id: string) => void;
}) {
  const rows = [...data].sort((a, b) => b.sourced + b.influenced - (a.sourced + a.influenced)).slice(0, max);
  const top = Math.max(1, ...rows.flatMap((r) => [r.sourced, r.influenced]));
  const labelW = 150, chartW = 360, rowH = 30, padTop = 44, valueW = 48;
  const width = labelW + chartW + valueW, height = padTop + rows.length * rowH + 8;
  const x = scaleLinear<number>({ domain: [0, top], range: [0, chartW], nice: true });
  const y = scaleBand<string>({ domain: rows.map((r) => r.id), range: [0, rows.length * rowH], paddingInner: 0.2, paddingOuter: 0.1 });
  const kind = scaleBand<"sourced" | "influenced">({ domain: ["sourced", "influenced"], range: [0, y.bandwidth()], padding: 0.1 });
  const barH = kind.bandwidth();
  return (
    <figure className="attribution-chart" style={{ margin: 0 }}>
      <figcaption className="small muted" style={{ marginBottom: 6 }}>{title}{data.length > rows.length ? ` · top ${rows.length} of ${data.length}` : ""}</figcaption>
      {rows.every((r) => !r.sourced && !r.influenced) ? <p className="muted small" data-testid="chart-empty">Nothing in this period.</p> : (
        <svg width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} style={{ maxWidth: width, display: "block" }}>
          <g fontSize="11" fill={COLORS.label}>
            <Bar x={labelW} y={4} width={10} height={10} fill={COLORS.sourced} rx={2} /><text x={labelW + 14} y={13}>Sourced</text>
            <Bar x={labelW + 80} y={4} width={10} height={10} fill={COLORS.influenced} rx={2} /><text x={labelW + 94} y={13}>Influenced</text>
          </g>
          <Group left={labelW} top={padTop}>
            {x.ticks(4).map((t) => <line key={t} x1={x(t)} x2={x(t)} y1={-4} y2={rows.length * rowH} stroke={COLORS.grid} />)}
            <AxisTop scale={x} numTicks={4} hideAxisLine tickStroke={COLORS.axis} tickLength={3} tickFormat={(v) => compact(Number(v))} tickLabelProps={() => ({ ...tickLabel, textAnchor: "middle" })} />
            <line x1={0} x2={0} y1={-4} y2={rows.length * rowH} stroke={COLORS.axis} />
            {rows.map((r) => {
              const top = y(r.id) ?? 0;
              const isSelected = selected === r.id;
              const bar = (k: "sourced" | "influenced", value: number) => (
                <>
                  <Bar x={0} y={top + (kind(k) ?? 0)} width={Math.max(value > 0 ? 2 : 0, x(value))} height={barH} fill={COLORS[k]} rx={2}>
                    <title>{`${r.label}: ${k} ${value.toLocaleString()}`}</title>
                  </Bar>
                  <text x={x(value) + 4} y={top + (kind(k) ?? 0) + barH - 1} fontSize="10" fill={COLORS.muted}>{value ? compact(value) : ""}</text>
                </>
              );
              return (
                <g key={r.id} onClick={onSelect ? () => onSelect(r.id) : undefined} style={{ cursor: onSelect ? "pointer" : undefined }} data-testid={`bar-${r.id}`}>
                  <Bar x={-labelW} y={top - 3} width={width} height={y.bandwidth() + 6} fill={isSelected ? "#eef0ff" : "transparent"} rx={4} />
                  <text x={-8} y={top + y.bandwidth() / 2 + 4} textAnchor="end" fontSize="12" fill={COLORS.text} fontWeight={isSelected ? 600 : 400}>{truncate(r.label, 22)}</text>
                  {bar("sourced", r.sourced)}
                  {bar("influenced", r.influenced)}
                </g>
              );
            })}
          </Group>
        </svg>
      )}
    </figure>
  );
}

/** A small win-rate pair: with the partner vs without, as two bars out of 100%. */
export function AttributionWinRate({ withRate, withoutRate }: { withRate: number | null; withoutRate: number | null }) {
  const w = 80;
  const x = scaleLinear<number>({ domain: [0, 1], range: [0, w], clamp: true });
  const bar = (v: number | null, y: number, color: string) => (
    <>
      <Bar x={0} y={y} width={w} height={6} fill={COLORS.grid} rx={3} />
      {v != null && <Bar x={0} y={y} width={Math.max(2, x(v))} height={6} fill={color} rx={3} />}
    </>
  );
  const pct = (v: number | null) => (v == null ? "–" : `${Math.round(v * 100)}%`);
  return (
    <span style={{ display: "inline-flex", alignItems: "center", gap: 6 }} title={`Win rate with the partner ${pct(withRate)}, without ${pct(withoutRate)}`}>
      <svg width={w} height={16} aria-hidden="true">{bar(withRate, 1, COLORS.win)}{bar(withoutRate, 9, COLORS.without)}</svg>
      <span className="small tabular">{pct(withRate)} / {pct(withoutRate)}</span>
    </span>
  );
}
