// /conversations/:id: the transcript with side-coloured speakers; #seq-N or ?at=ms scrolls to and highlights an utterance.
// Our side selects an utterance range (click, shift-click) and marks it internal-only; partner users see a read-only page.
import { useEffect, useMemo, useRef, useState } from "react";
import { api, ApiError } from "../api-client.ts";
import { nextSelection, type SeqSelection } from "../access-rules.ts";
import { useIsPartner } from "../auth.tsx";
import { ChevronRightIcon, ClockIcon, GlobeIcon, KindIcon, ListIcon, SearchIcon } from "../components/icons.tsx";
import { ItemsList } from "../components/items.tsx";
import { ConsentBanner, SpeakerMap } from "../components/speaker-map.tsx";
import { Alert, EmptyState, ErrorState, LoadingBlock, SideChip, sideClass } from "../components/ui.tsx";
import { formatClock, formatDateTime, formatDuration, formatLanguage, plural, SIDE_LABEL, titleCase } from "../format.ts";
import { Link, navigate, useLocation } from "../router.tsx";
import type { Item, Utterance } from "../types.ts";
import { useApi } from "../use-api.ts";
import { RecapPanel } from "../components/recap-panel.tsx";
import { RecapCheck } from "../components/recap-check.tsx";

/** Which utterance a location points at: #seq-N wins, else ?at=ms picks the utterance spoken at that time. */
export function targetSeq(utterances: Utterance[], hash: string, search: string): number | null {
  const m = /^#seq-(\d+)$/.exec(hash);
  if (m) return Number(m[1]);
  const at = new URLSearchParams(search).get("at");
  if (at === null || at === "" || !/^\d+$/.test(at)) return null;
  const ms = Number(at);
  let best: Utterance | null = null;
  for (const u of utterances) {
    if (u.startMs <= ms && (!best || u.startMs >= best.startMs)) best = u;
  }
  return (best ?? utterances[0])?.seq ?? null;
}

export const INTERNAL_LABEL = "Internal — never shared";

export function ConversationPage({ id }: { id: string }) {
  const loc = useLocation();
  const conv = useApi((signal) => api.conversation(id, signal), [id]);
  const dealId = conv.data?.conversation.dealId;
  const deal = useApi(async (signal) => (dealId ? api.deal(dealId, signal) : null), [dealId]);
  const items = useApi(async (signal) => {
    if (!dealId) return null;
    try {
      const r = await api.dealItems(dealId, signal);
      return { all: r.items, mine: r.items.filter((i) => i.evidence?.conversationId === id) };
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 405 || e.status === 501)) return null;
      throw e;
    }
  }, [dealId, id]);
  const [filter, setFilter] = useState("");
  const [shownCount, setShownCount] = useState<number | null>(null);
  const isPartner = useIsPartner();
  const [selection, setSelection] = useState<SeqSelection | null>(null);
  const [marking, setMarking] = useState<string | null>(null);
  const [markError, setMarkError] = useState<string | null>(null);
  /** Marks the selected range (or, with no range, the whole conversation) internal or shared, then reloads. */
  const handleMark = async (internal: boolean, range: SeqSelection | null) => {
    setMarking(internal ? "internal" : "shared");
    setMarkError(null);
    try {
      await api.markInternal(id, range ? { fromSeq: range.from, toSeq: range.to, internal } : { internal });
      setSelection(null);
      conv.reload();
      items.reload();
    } catch (e) {
      setMarkError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setMarking(null);
    }
  };
  const convTitle = conv.data?.conversation.title;
  useEffect(() => { if (convTitle) document.title = `${convTitle} · Baton`; }, [convTitle]);

  const utterances = conv.data?.utterances ?? [];
  const target = useMemo(() => targetSeq(utterances, loc.hash, loc.search), [utterances, loc.hash, loc.search]);

  // Jump straight to a deep-linked utterance on load; glide when the user picks another one on the page.
  const scrolledOnce = useRef(false);
  useEffect(() => {
    if (target === null || conv.state !== "ready") return;
    const el = document.getElementById(`seq-${target}`);
    if (!el) return;
    el.scrollIntoView({ block: "center", behavior: scrolledOnce.current ? "smooth" : "auto" });
    scrolledOnce.current = true;
  }, [target, conv.state]);

  if (conv.state === "loading" && !conv.data) return <div className="page"><div className="card"><LoadingBlock label="Loading transcript…" rows={10} /></div></div>;
  if (conv.state === "error" && !conv.data) {
    return (
      <div className="page">
        <nav className="breadcrumb"><Link to="/deals">Deals</Link></nav>
        <div className="card">
          <ErrorState error={conv.error} title={conv.error.status === 404 ? "Conversation not found" : "Could not load this conversation"}
            onRetry={conv.reload} action={conv.error.status === 404 ? <Link to="/deals" className="btn btn-primary">Back to deals</Link> : undefined} />
        </div>
      </div>
    );
  }
  const c = conv.data!.conversation;
  const isHeld = c.heldForConsent === true;
  const tz = c.timezone || deal.data?.deal.timezone;
  const isEmail = c.kind === "email";
  const isWholeInternal = c.isInternal === true;
  const internalCount = utterances.filter((u) => u.isInternal).length;
  const hasTimes = utterances.some((u) => u.startMs > 0);
  const speakers = uniqueSpeakers(utterances);
  const needle = filter.trim().toLowerCase();
  const matches = needle ? utterances.filter((u) => u.text.toLowerCase().includes(needle) || (u.speakerName ?? u.speakerLabel ?? "").toLowerCase().includes(needle)).length : 0;

  // Emails arrive hard-wrapped at ~72 columns: join single line breaks, keep blank lines.
  const display = (text: string) => (isEmail ? text.replace(/([^\n])\n(?!\n)/g, "$1 ") : text);
  const selectItem = (i: Item) => navigate(`${window.location.pathname}#seq-${i.evidence.seq}`, { replace: true });

  return (
    <div className="page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/deals">{isPartner ? "Shared deals" : "Deals"}</Link>
        <ChevronRightIcon size={14} />
        <Link to={`/deals/${c.dealId}`}>{deal.data?.deal.name ?? "Deal"}</Link>
        <ChevronRightIcon size={14} />
        <span aria-current="page">{c.title || "Conversation"}</span>
      </nav>

      <header className="card conv-header" data-testid="conversation-header">
        <span className={`conv-kind timeline-icon kind-${c.kind}`}><KindIcon kind={c.kind} size={18} /></span>
        <div className="conv-header-text">
          <h1 className="page-title">{c.title || "Untitled conversation"}</h1>
          <div className="timeline-meta">
            <span>{formatDateTime(c.startedAt, tz)}</span>
            {c.durationMs > 0 && <span><ClockIcon size={12} /> {formatDuration(c.durationMs)}</span>}
            <span><GlobeIcon size={12} /> {formatLanguage(c.language)}</span>
            <span>{titleCase(c.kind)} · <span className="mono">{c.sourceFormat}</span></span>
            <span>{plural(utterances.length, isEmail ? "message part" : "utterance")}</span>
          </div>
          {speakers.length > 0 && (
            <div className="chips">
              {speakers.map((s) => <SideChip key={s.key} side={s.side} name={s.name} label={s.label} />)}
            </div>
          )}
        </div>
      </header>

      {isHeld && !isPartner && <ConsentBanner conversationId={c.id} onChanged={() => { conv.reload(); items.reload(); }} />}

      <div className="conv-grid">
        <section className="card transcript-card" aria-label="Transcript">
          <div className="section-head">
            <h2 className="section-title">{isEmail ? "Message" : "Transcript"}</h2>
            <div className="section-head-spacer" />
            <label className="searchbox searchbox-sm">
              <SearchIcon size={14} />
              <input type="search" className="input" placeholder={isEmail ? "Find in message" : "Find in transcript"} aria-label="Find in transcript"
                value={filter} onChange={(e) => setFilter(e.target.value)} />
            </label>
            {needle && <span className="muted small">{plural(matches, "match", "matches")}</span>}
          </div>
          {!isPartner && utterances.length > 0 && (
            <>
              <div className="selection-hint" data-testid="internal-hint">
                Click the box beside a line, shift-click another to select a range, then mark it internal: internal lines never reach the partner or the buyer.{" "}
                {isWholeInternal
                  ? <><span className="internal-badge" data-testid="conversation-internal">Whole conversation: {INTERNAL_LABEL}</span>{" "}
                    <button type="button" className="link-button" disabled={marking != null} onClick={() => void handleMark(false, null)} data-testid="share-all">Share it again</button></>
                  : <>{internalCount > 0 && <>{plural(internalCount, "line")} internal · </>}
                    <button type="button" className="link-button" disabled={marking != null} onClick={() => void handleMark(true, null)} data-testid="internal-all">Mark the whole conversation internal</button></>}
              </div>
              {selection && (
                <div className="selection-bar" role="toolbar" aria-label="Selected lines" data-testid="selection-bar">
                  <span data-testid="selection-label">{selectionLabel(utterances, selection, isEmail && !hasTimes)}</span>
                  <span style={{ flex: 1 }} />
                  <button type="button" className="btn btn-primary btn-xs" disabled={marking != null} onClick={() => void handleMark(true, selection)} data-testid="mark-internal">{marking === "internal" ? "Marking…" : "Mark internal"}</button>
                  <button type="button" className="btn btn-secondary btn-xs" disabled={marking != null} onClick={() => void handleMark(false, selection)} data-testid="mark-shared">{marking === "shared" ? "Saving…" : "Mark not internal"}</button>
                  <button type="button" className="btn btn-ghost btn-xs" onClick={() => setSelection(null)}>Clear</button>
                </div>
              )}
              {markError && <div style={{ padding: "0 var(--sp-4)" }}><Alert onClose={() => setMarkError(null)}>{markError}</Alert></div>}
            </>
          )}
          {utterances.length === 0 ? (
            <EmptyState title="This conversation has no text">
              <p>The source file was imported but held no utterances. Re-upload it from the deal page if that looks wrong.</p>
            </EmptyState>
          ) : (
            <ol className={`transcript${isPartner ? "" : " is-selectable"}`} data-testid="transcript">
              {utterances.map((u, idx) => {
                const prev = utterances[idx - 1];
                const sameSpeaker = prev && (prev.personId ?? prev.speakerLabel) === (u.personId ?? u.speakerLabel);
                const hit = needle && (u.text.toLowerCase().includes(needle) || (u.speakerName ?? u.speakerLabel ?? "").toLowerCase().includes(needle));
                const isSelected = selection != null && u.seq >= selection.from && u.seq <= selection.to;
                const cls = ["utterance", sideClass(u.side), sameSpeaker ? "is-continued" : "", target === u.seq ? "is-target" : "", hit ? "is-hit" : "", needle && !hit ? "is-dim" : "",
                  u.isInternal ? "is-internal" : "", isSelected ? "is-selected" : ""]
                  .filter(Boolean).join(" ");
                return (
                  <li key={u.seq} id={`seq-${u.seq}`} className={cls} data-seq={u.seq} data-internal={u.isInternal ? "true" : "false"}>
                    {!isPartner && (
                      <button type="button" className="utt-select" aria-pressed={isSelected} aria-label={`Select line #${u.seq}`} data-testid="utt-select"
                        onClick={(e) => setSelection((sel) => nextSelection(sel, u.seq, e.shiftKey))} />
                    )}
                    <a className="utt-time tabular" href={`#seq-${u.seq}`}
                      onClick={(e) => { e.preventDefault(); navigate(`${window.location.pathname}#seq-${u.seq}`, { replace: true }); }}
                      title={`Link to this ${isEmail ? "part" : "moment"}`}>
                      {isEmail && !hasTimes ? `¶${idx + 1}` : formatClock(u.startMs)}
                    </a>
                    <div className="utt-body">
                      {!sameSpeaker && (
                        <div className="utt-speaker">
                          <span className="dot" aria-hidden="true" />
                          <span className="utt-name">{u.speakerName ?? u.speakerLabel ?? "Unknown speaker"}</span>
                          {u.side ? <span className="utt-side">{SIDE_LABEL[u.side]}</span> : <span className="utt-side">Unmatched{u.speakerLabel && u.speakerName && u.speakerName !== u.speakerLabel ? ` · ${u.speakerLabel}` : ""}</span>}
                          {!isPartner && !u.personId && u.speakerLabel && !isEmail && deal.data && (
                            <SpeakerMap conversationId={c.id} label={u.speakerLabel} people={deal.data.people} onMapped={() => { conv.reload(); items.reload(); }} />
                          )}
                        </div>
                      )}
                      {u.isInternal && <div><span className="internal-badge" data-testid="internal-badge">{INTERNAL_LABEL}</span></div>}
                      <p className="utt-text">{needle ? <Highlight text={display(u.text)} needle={needle} /> : display(u.text)}</p>
                    </div>
                  </li>
                );
              })}
            </ol>
          )}
        </section>

        <aside className="card conv-side" aria-labelledby="conv-items-title" data-testid="conversation-items">
          <div className="section-head">
            <h2 id="conv-items-title" className="section-title"><ListIcon size={16} /> Items from this conversation</h2>
            {items.data && <span className="count-pill">{shownCount ?? items.data.mine.length}</span>}
          </div>
          {items.state === "loading" ? <LoadingBlock label="Loading items…" rows={3} />
            : items.state === "error" ? <ErrorState error={items.error} title="Could not load items" onRetry={items.reload} />
            : !items.data || items.data.mine.length === 0 ? (
              <EmptyState icon={<ListIcon size={20} />} title={items.data ? "No items in this conversation" : "Items are not extracted yet"}>
                <p>Commitments, objections, decisions and risks found here will be listed with a link to the exact words.</p>
              </EmptyState>
            ) : (
              <ItemsList items={items.data.mine} allItems={items.data.all} conversations={deal.data?.conversations ?? []} people={deal.data?.people} tz={tz} onSelect={selectItem} activeSeq={target} onCountChange={setShownCount} isReviewable={!isPartner} />
            )}
        </aside>
      </div>
      {c.kind === "call" && (
        <section className="card recap-area" aria-label="Recap" data-testid="conversation-recap">
          <div className="section-head"><h2 className="section-title">One recap for this call</h2></div>
          <RecapPanel conversationId={c.id} tz={tz} isHeld={isHeld} />
          {!isPartner && <RecapCheck conversationId={c.id} />}
        </section>
      )}
    </div>
  );
}

/** "3 lines selected (0:14–0:37)": times for calls, paragraph numbers for emails without times. */
function selectionLabel(utterances: Utterance[], sel: SeqSelection, isParagraphs: boolean): string {
  const idx = utterances.map((u, i) => (u.seq >= sel.from && u.seq <= sel.to ? i : -1)).filter((i) => i >= 0);
  if (!idx.length) return "Nothing selected";
  const first = idx[0]!;
  const last = idx[idx.length - 1]!;
  const at = (i: number) => (isParagraphs ? `¶${i + 1}` : formatClock(utterances[i]!.startMs));
  return `${plural(idx.length, "line")} selected (${first === last ? at(first) : `${at(first)}–${at(last)}`})`;
}

function Highlight({ text, needle }: { text: string; needle: string }) {
  const parts: (string | { m: string })[] = [];
  const lower = text.toLowerCase();
  let i = 0;
  while (needle && i < text.length) {
    const j = lower.indexOf(needle, i);
    if (j < 0) break;
    if (j > i) parts.push(text.slice(i, j));
    parts.push({ m: text.slice(j, j + needle.length) });
    i = j + needle.length;
  }
  if (i < text.length) parts.push(text.slice(i));
  return <>{parts.map((p, k) => (typeof p === "string" ? p : <mark key={k}>{p.m}</mark>))}</>;
}

function uniqueSpeakers(utterances: Utterance[]) {
  const seen = new Map<string, { key: string; name: string | null; label: string | null; side: Utterance["side"] }>();
  for (const u of utterances) {
    const key = u.personId ?? `label:${u.speakerLabel ?? "?"}`;
    if (!seen.has(key)) seen.set(key, { key, name: u.speakerName, label: u.speakerLabel, side: u.side });
  }
  return [...seen.values()];
}
