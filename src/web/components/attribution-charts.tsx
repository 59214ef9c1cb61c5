// Plain SVG charts for partner revenue: sourced vs influenced bars per partner (no chart library).
export interface BarDatum { id: string; label: string; sourced: number; influenced: number }

const SOURCED = "#d97706"; // partner amber: the partner brought the deal
const INFLUENCED = "#4f46e5"; // accent: the partner shaped it

const compact = (n: number) => (Math.abs(n) >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : Math.abs(n) >= 1e3 ? `${Math.round(n / 1e3)}k` : String(Math.round(n)));

/** Horizontal grouped bars: per partner, one sourced and one influenced bar; click a partner to drill down. */
export function AttributionBarChart({ data, title, max = 12, selected, onSelect }: {
  data: BarDatum[]; title: string; max?: number; selected?: string | null; onSelect?: (id: string) => void;
}) {
  const rows = [...data].sort((a, b) => b.sourced + b.influenced - (a.sourced + a.influenced)).slice(0, max);
  const top = Math.max(1, ...rows.flatMap((r) => [r.sourced, r.influenced]));
  const labelW = 150, chartW = 360, rowH = 30, barH = 10, padTop = 28, valueW = 48;
  const width = labelW + chartW + valueW, height = padTop + rows.length * rowH + 8;
  const x = (v: number) => (v / top) * chartW;
  return (
    <figure className="attribution-chart" style={{ margin: 0 }}>
      <figcaption className="small muted" style={{ marginBottom: 6 }}>{title}{data.length > rows.length ? ` · top ${rows.length} of ${data.length}` : ""}</figcaption>
      {rows.length === 0 ? <p className="muted small">Nothing in this period.</p> : (
        <svg width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} style={{ maxWidth: width, display: "block" }}>
          <g fontSize="11" fill="#4f5868">
            <rect x={labelW} y={6} width={10} height={10} fill={SOURCED} rx={2} /><text x={labelW + 14} y={15}>Sourced</text>
            <rect x={labelW + 80} y={6} width={10} height={10} fill={INFLUENCED} rx={2} /><text x={labelW + 94} y={15}>Influenced</text>
          </g>
          {[0.25, 0.5, 0.75, 1].map((f) => <line key={f} x1={labelW + f * chartW} x2={labelW + f * chartW} y1={padTop - 4} y2={height - 4} stroke="#eef0f3" />)}
          <line x1={labelW} x2={labelW} y1={padTop - 4} y2={height - 4} stroke="#c7cdd6" />
          {rows.map((r, i) => {
            const y = padTop + i * rowH;
            const isSelected = selected === r.id;
            return (
              <g key={r.id} onClick={onSelect ? () => onSelect(r.id) : undefined} style={{ cursor: onSelect ? "pointer" : undefined }} data-testid={`bar-${r.id}`}>
                <rect x={0} y={y - 2} width={width} height={rowH - 2} fill={isSelected ? "#eef0ff" : "transparent"} rx={4} />
                <text x={labelW - 8} y={y + barH + 4} textAnchor="end" fontSize="12" fill="#232a36" fontWeight={isSelected ? 600 : 400}>
                  {r.label.length > 22 ? `${r.label.slice(0, 21)}…` : r.label}
                </text>
                <rect x={labelW} y={y} width={Math.max(r.sourced > 0 ? 2 : 0, x(r.sourced))} height={barH} fill={SOURCED} rx={2}><title>{`${r.label}: sourced ${r.sourced.toLocaleString()}`}</title></rect>
                <rect x={labelW} y={y + barH + 2} width={Math.max(r.influenced > 0 ? 2 : 0, x(r.influenced))} height={barH} fill={INFLUENCED} rx={2}><title>{`${r.label}: influenced ${r.influenced.toLocaleString()}`}</title></rect>
                <text x={labelW + x(r.sourced) + 4} y={y + barH - 1} fontSize="10" fill="#6b7585">{r.sourced ? compact(r.sourced) : ""}</text>
                <text x={labelW + x(r.influenced) + 4} y={y + 2 * barH + 1} fontSize="10" fill="#6b7585">{r.influenced ? compact(r.influenced) : ""}</text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}

/** A small win-rate pair: with the partner vs without, as two bars out of 100%. */
export function AttributionWinRate({ withRate, withoutRate }: { withRate: number | null; withoutRate: number | null }) {
  const w = 80;
  const bar = (v: number | null, y: number, color: string) => (
    <>
      <rect x={0} y={y} width={w} height={6} fill="#eef0f3" rx={3} />
      {v != null && <rect x={0} y={y} width={Math.max(2, v * w)} height={6} fill={color} rx={3} />}
    </>
  );
  const pct = (v: number | null) => (v == null ? "–" : `${Math.round(v * 100)}%`);
  return (
    <span style={{ display: "inline-flex", alignItems: "center", gap: 6 }} title={`Win rate with the partner ${pct(withRate)}, without ${pct(withoutRate)}`}>
      <svg width={w} height={16} aria-hidden="true">{bar(withRate, 1, "#16a34a")}{bar(withoutRate, 9, "#9aa3b1")}</svg>
      <span className="small tabular">{pct(withRate)} / {pct(withoutRate)}</span>
    </span>
  );
}
