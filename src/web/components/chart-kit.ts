// Shared bits of the charts. The charts are drawn with visx (@visx/scale, @visx/shape, @visx/axis, @visx/group):
// chosen over recharts and uPlot because it renders plain SVG React elements (our data-testid, <title> and aria
// labels stay on the bars, no canvas), has no eval or injected <style> (the app's CSP is script-src 'self'),
// works offline, supports React 19, and ships as small per-feature packages (d3-scale and d3-shape underneath)
// instead of a whole charting framework with its own state store.
export const COLORS = {
  sourced: "#d97706", // partner amber: the partner brought the deal
  influenced: "#4f46e5", // accent: the partner shaped it
  reached: "#4f46e5", stalled: "#d97706", notReached: "#eef0f3", grid: "#eef0f3", axis: "#c7cdd6", label: "#4f5868", muted: "#6b7585", text: "#232a36",
  win: "#16a34a", without: "#9aa3b1",
} as const;

export const compact = (n: number) => (Math.abs(n) >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : Math.abs(n) >= 1e3 ? `${Math.round(n / 1e3)}k` : String(Math.round(n)));
export const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
export const tickLabel = { fontSize: 10, fill: COLORS.muted, fontFamily: "inherit" } as const;
