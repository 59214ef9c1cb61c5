// A deal's briefs: the pre-call brief (open commitments by side, standing objections, people not met, who leads
// which topic — editable — and what not to commit to alone) and the catch-up brief, every line with its quotes.
import { useState } from "react";
import { ApiError, request } from "../api-client.ts";
import { SIDE_LABEL } from "../format.ts";
import { Link } from "../router.tsx";
import type { Person, Side } from "../types.ts";
import { useApi } from "../use-api.ts";
import { Alert, EmptyState, ErrorState, LoadingBlock } from "./ui.tsx";

interface Evidence { conversationId: string; conversation: string; seq: number; speaker: string | null; quote: string }
interface Line { text: string; evidence: Evidence[]; side?: Side | null; status?: string }
interface TopicLead { topic: string; label: string; personId: string | null; name: string | null; side: Side | null; isSet: boolean }
export interface Brief {
  kind: "pre-call" | "catch-up"; deal: { id: string; name: string }; asOf: string;
  next: { conversationId: string | null; title: string; startedAt: string | null } | null;
  sections: Array<{ key: string; title: string; lines: Line[] }>; topicLeads: TopicLead[];
}
const enc = encodeURIComponent;

export function BriefDoc({ dealId, people = [] }: { dealId: string; people?: Person[] }) {
  const [kind, setKind] = useState<"pre-call" | "catch-up">("pre-call");
  const brief = useApi((signal) => request<{ brief: Brief }>("GET", `/api/deals/${enc(dealId)}/briefs/${kind}`, undefined, { signal }), [dealId, kind]);
  const [error, setError] = useState<string | null>(null);
  const handleLead = async (topic: string, personId: string) => {
    setError(null);
    try { await request("PUT", `/api/deals/${enc(dealId)}/briefs/topic-leads`, { topic, personId: personId || null }); brief.reload(); } catch (e) { setError(e instanceof ApiError ? e.message : String(e)); }
  };
  const selling = people.filter((p) => p.side === "ours" || p.side === "partner");
  return (
    <div className="items brief-doc" data-testid="brief-doc" data-kind={kind}>
      <div className="item-meta" style={{ padding: "var(--sp-3) var(--sp-4)", gap: "var(--sp-2)" }}>
        <button type="button" className={`btn btn-sm ${kind === "pre-call" ? "btn-primary" : "btn-secondary"}`} onClick={() => setKind("pre-call")}>Pre-call</button>
        <button type="button" className={`btn btn-sm ${kind === "catch-up" ? "btn-primary" : "btn-secondary"}`} onClick={() => setKind("catch-up")}>Catch-up</button>
        <div style={{ flex: 1 }} />
        <a className="btn btn-ghost btn-sm" href={`/api/deals/${enc(dealId)}/briefs/${kind}?format=md`} target="_blank" rel="noreferrer">Markdown</a>
      </div>
      {error && <div style={{ padding: "0 var(--sp-4)" }}><Alert onClose={() => setError(null)}>{error}</Alert></div>}
      {brief.state === "loading" && !brief.data ? <LoadingBlock label="Building the brief…" rows={4} />
        : brief.state === "error" && !brief.data ? <ErrorState error={brief.error} title="Could not build the brief" onRetry={brief.reload} />
        : (
          <div className="items-list">
            {kind === "pre-call" && brief.data!.brief.next && <div className="muted small" style={{ padding: "0 var(--sp-4)" }}>For: {brief.data!.brief.next.title}</div>}
            {brief.data!.brief.sections.map((s) => (
              <div className="items-entry" key={s.key} data-testid={`brief-${s.key}`}>
                <div className="items-group-title">{s.title}</div>
                {s.lines.length === 0 && <div className="item-row muted small">Nothing.</div>}
                {s.lines.map((l, i) => (
                  <div className="item-row" key={i}>
                    <div className="item-main"><span className="item-text">{l.text}</span>{l.status && <span className="badge badge-outline">{l.status}</span>}</div>
                    {l.evidence.map((e) => (
                      <Link key={`${e.conversationId}-${e.seq}`} className="evidence evidence-link" to={`/conversations/${enc(e.conversationId)}#seq-${e.seq}`}>
                        <span className="evidence-quote">“{e.quote}”</span>
                        <span className="evidence-meta">{e.speaker ?? "Unknown speaker"} · {e.conversation} #{e.seq}</span>
                      </Link>
                    ))}
                  </div>
                ))}
              </div>
            ))}
            {kind === "pre-call" && brief.data!.brief.topicLeads.length > 0 && (
              <div className="items-entry" data-testid="brief-topic-leads">
                <div className="items-group-title">Who leads which topic</div>
                {brief.data!.brief.topicLeads.map((t) => (
                  <div className="item-row" key={t.topic}>
                    <div className="item-main" style={{ gap: "var(--sp-2)" }}>
                      <span className="item-text" style={{ flex: 1 }}>{t.label}</span>
                      {selling.length > 0 ? (
                        <select className="select input-sm" style={{ width: "auto", minWidth: 200 }} value={t.personId ?? ""} aria-label={`Lead for ${t.label}`} onChange={(e) => handleLead(t.topic, e.target.value)}>
                          <option value="">{t.isSet ? "Clear" : "Nobody set"}</option>
                          {selling.map((p) => <option key={p.id} value={p.id}>{p.name}{p.side ? ` · ${SIDE_LABEL[p.side]}` : ""}</option>)}
                        </select>
                      ) : <span>{t.name ?? "nobody yet"}</span>}
                      {!t.isSet && t.name && <span className="badge badge-outline">suggested</span>}
                    </div>
                  </div>
                ))}
              </div>
            )}
            {brief.data!.brief.sections.every((s) => !s.lines.length) && <EmptyState title="Nothing to brief yet"><p>Import a conversation first.</p></EmptyState>}
          </div>
        )}
    </div>
  );
}
