// The two-recap check of a call: the recap emails found, and every divergence with the call's words that settle it.
import { Link } from "../router.tsx";
import { useApi } from "../use-api.ts";
import { request } from "../api-client.ts";
import { EmptyState, ErrorState, LoadingBlock } from "./ui.tsx";

interface Evidence { conversationId: string; seq: number; speaker: string | null; quote: string }
interface Check {
  call: { id: string; title: string };
  recaps: Array<{ conversationId: string; subject: string | null; from: string | null; date: string; reason: string }>;
  divergences: Array<{ kind: string; subject: string; verdict: string; statements: Array<{ source: string; conversationId: string | null; seq: number | null; says: string | null }>; settledBy: Evidence[] }>;
}
const KIND_TONE: Record<string, string> = { date: "badge-bad", amount: "badge-bad", owner: "badge-bad", missing: "badge-warn", unsupported: "badge-outline" };
const enc = encodeURIComponent;

export function RecapCheck({ conversationId }: { conversationId: string }) {
  const check = useApi((signal) => request<{ check: Check }>("GET", `/api/conversations/${enc(conversationId)}/recap-check`, undefined, { signal }), [conversationId]);
  if (check.state === "loading" && !check.data) return <LoadingBlock label="Comparing recap emails…" rows={2} />;
  if (check.state === "error" && !check.data) return <ErrorState error={check.error} title="Could not compare the recaps" onRetry={check.reload} />;
  const c = check.data!.check;
  if (!c.recaps.length) return <EmptyState title="No recap emails of this call"><p>When recap emails after this call are in the record, Baton compares them here.</p></EmptyState>;
  return (
    <div className="items" data-testid="recap-check">
      <div className="items-list">
        <div className="items-entry">
          <div className="items-group-title">Recap emails</div>
          {c.recaps.map((r) => <div className="item-row" key={r.conversationId}><Link to={`/conversations/${enc(r.conversationId)}`}>{r.subject ?? r.conversationId}</Link> <span className="muted small">· {r.from} · {r.reason}</span></div>)}
        </div>
        <div className="items-entry">
          <div className="items-group-title">{c.divergences.length} divergence{c.divergences.length === 1 ? "" : "s"}</div>
          {c.divergences.map((d, i) => (
            <div className="item-row" key={i} data-testid="recap-divergence" data-kind={d.kind}>
              <div className="item-main"><span className={`badge ${KIND_TONE[d.kind] ?? "badge-outline"}`}>{d.kind}</span><span className="item-text">{d.subject}</span></div>
              <div className="small">{d.verdict}</div>
              {d.statements.map((s, k) => <div className="muted small" key={k}>{s.source}: {s.says ?? "(not stated)"}</div>)}
              {d.settledBy.map((e) => (
                <Link key={e.seq} className="evidence evidence-link" to={`/conversations/${enc(e.conversationId)}#seq-${e.seq}`}>
                  <span className="evidence-quote">“{e.quote}”</span><span className="evidence-meta">{e.speaker ?? "Unknown speaker"} · #{e.seq}</span>
                </Link>
              ))}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
