// /walk?deal=<id>|partner=<orgId>&week=YYYY-Www: the weekly ledger walk of a deal or a partner — open commitments by
// side and owner, overdue, due this week, done since the last walk and new risks, each pinned to its words —
// with week navigation and "Hold this walk" so next week's "done since" counts from now.
import { useEffect, useState, type ReactNode } from "react";
import { api, ApiError, request } from "../api-client.ts";
import { AlertIcon, CheckIcon, ChevronLeftIcon, ChevronRightIcon, ClockIcon, UsersIcon } from "../components/icons.tsx";
import { Alert, EmptyState, ErrorState, LoadingBlock, sideClass } from "../components/ui.tsx";
import { formatDate, formatDateTime, SIDE_LABEL } from "../format.ts";
import { Link, useSearchParams } from "../router.tsx";
import type { Side } from "../types.ts";
import { useApi } from "../use-api.ts";

type Status = "open" | "overdue" | "done" | "dropped";
interface Evidence { conversationId: string; conversation: string; title: string; seq: number; at: string; occurredAt: string; speaker: string | null; quote: string }
interface WalkDeal { id: string; slug: string; name: string }
interface WalkItem {
  deal: WalkDeal; itemId: string; ref: string; text: string | null; owner: string | null; ownerPersonId: string | null;
  side: Side | null; due: string | null; status: Status; ownerUnclear: boolean; closedAt: string | null; evidence: Evidence; link: string;
}
interface WalkRisk { deal: WalkDeal; itemId: string; type: string | null; text: string | null; evidence: Evidence; link: string }
interface WalkOwnerGroup { side: Side | null; owner: string | null; ownerPersonId: string | null; items: WalkItem[] }
export interface Walk {
  scope: { kind: "deal" | "partner"; id: string; name: string };
  week: string; monday: string; sunday: string; timezone: string; asOf: string; since: string; lastWalkAt: string | null;
  deals: WalkDeal[];
  counts: { open: number; overdue: number; dueThisWeek: number; doneSinceLastWalk: number; newRisks: number; unclearOwner: number };
  openByOwner: WalkOwnerGroup[]; overdue: WalkItem[]; dueThisWeek: WalkItem[]; doneSinceLastWalk: WalkItem[]; newRisks: WalkRisk[];
}
interface Partner { orgId: string; name: string }

const STATUS_TONE: Record<Status, string> = { open: "badge-info", overdue: "badge-bad", done: "badge-good", dropped: "badge-outline" };
const STATUS_LABEL: Record<Status, string> = { open: "Open", overdue: "Overdue", done: "Done", dropped: "Dropped" };
const WEEK_RE = /^\d{4}-W\d{2}$/;
const DAY_MS = 86_400_000;

/** The ISO week ("2026-W48") of a day, counted in UTC. */
export function isoWeekOf(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - dow); // the week's Thursday decides its year
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}
/** The ISO week `n` weeks from the week starting on `monday` (YYYY-MM-DD). */
const shiftWeek = (monday: string, n: number) => isoWeekOf(new Date(Date.parse(`${monday}T12:00:00Z`) + n * 7 * DAY_MS));

const enc = encodeURIComponent;
/** A count badge keeps its colour only when there is something to count. */
const tone = (n: number, colour: string) => (n > 0 ? colour : "badge-outline");
const fetchWalk = (scope: { deal?: string; partner?: string }, week: string | null, signal?: AbortSignal) => {
  const q = new URLSearchParams();
  if (scope.deal) q.set("deal", scope.deal); else if (scope.partner) q.set("partner", scope.partner);
  if (week) q.set("week", week);
  return request<{ walk: Walk }>("GET", `/api/ledger/walk?${q}`, undefined, { signal });
};

export function WalkPage() {
  const [params, setParams] = useSearchParams();
  const deal = params.get("deal") ?? undefined;
  const partner = deal ? undefined : params.get("partner") ?? undefined;
  const weekParam = params.get("week");
  const week = weekParam && WEEK_RE.test(weekParam) ? weekParam : null;
  const hasScope = Boolean(deal || partner);

  const deals = useApi((signal) => api.deals({}, signal), []);
  const partners = useApi((signal) => request<{ partners: Partner[] }>("GET", "/api/partners", undefined, { signal }), []);
  const walk = useApi((signal) => (hasScope ? fetchWalk({ deal, partner }, week, signal) : Promise.resolve(null)), [deal, partner, week]);
  const w = walk.data?.walk ?? null;
  const [held, setHeld] = useState<string | null>(null);
  const [holdError, setHoldError] = useState<string | null>(null);
  const [isHolding, setHolding] = useState(false);

  useEffect(() => { document.title = w ? `Weekly walk · ${w.scope.name} · ${w.week} · Baton` : "Weekly walk · Baton"; }, [w]);
  useEffect(() => { setHeld(null); setHoldError(null); }, [deal, partner, week]);

  const scopeValue = deal ? `deal:${deal}` : partner ? `partner:${partner}` : "";
  const handleScope = (value: string) => {
    const [kind, id] = [value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1)];
    setParams({ deal: kind === "deal" ? id : undefined, partner: kind === "partner" ? id : undefined, week: week ?? undefined });
  };
  const thisWeek = isoWeekOf(new Date());
  const isPastWeek = w != null && w.week < thisWeek;
  const goWeek = (next: string | undefined) => setParams({ deal, partner, week: next });
  const handleHold = async () => {
    if (!w) return;
    setHolding(true); setHoldError(null);
    try {
      const body = w.scope.kind === "deal" ? { deal: w.scope.id, week: w.week } : { partner: w.scope.id, week: w.week };
      await request<{ walk: Walk }>("POST", "/api/ledger/walks", body);
      // The stored walk is stamped "now"; the response's lastWalkAt is the walk before it.
      setHeld(new Date().toISOString());
    } catch (e) {
      setHoldError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setHolding(false);
    }
  };

  const dealList = deals.data?.deals ?? [];
  const partnerList = partners.data?.partners ?? [];
  // The scope picker also knows the current scope when the URL names it by slug or by a partner not in the list.
  const unknownScope = scopeValue && w && !dealList.some((d) => `deal:${d.id}` === scopeValue) && !partnerList.some((p) => `partner:${p.orgId}` === scopeValue);

  return (
    <div className="page" data-testid="walk-page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Weekly ledger walk</h1>
          <p className="page-sub">Once a week, go through every open promise with its owner: what slipped, what is due, what got done and what new risks came up.</p>
        </div>
      </div>

      <div className="toolbar" role="group" aria-label="Walk scope and week">
        <label className="small muted" htmlFor="walk-scope">Walk</label>
        <select id="walk-scope" className="select input-sm" style={{ width: 280 }} value={scopeValue} onChange={(e) => handleScope(e.target.value)} data-testid="walk-scope">
          <option value="" disabled>Choose a deal or partner…</option>
          {unknownScope && <option value={scopeValue}>{w!.scope.name}</option>}
          {dealList.length > 0 && (
            <optgroup label="Deals">{dealList.map((d) => <option key={d.id} value={`deal:${d.id}`}>{d.name}{d.buyer ? ` · ${d.buyer.name}` : ""}</option>)}</optgroup>
          )}
          {partnerList.length > 0 && (
            <optgroup label="Partners">{partnerList.map((p) => <option key={p.orgId} value={`partner:${p.orgId}`}>{p.name}</option>)}</optgroup>
          )}
        </select>
        {hasScope && (
          <div className="toolbar" style={{ gap: 4 }} role="group" aria-label="Week">
            <button type="button" className="btn btn-secondary btn-sm" disabled={!w} onClick={() => w && goWeek(shiftWeek(w.monday, -1))} aria-label="Previous week" data-testid="walk-prev">
              <ChevronLeftIcon size={15} />
            </button>
            <span className="small" style={{ minWidth: 190, textAlign: "center", fontWeight: 600 }} data-testid="walk-week">
              {w ? <>{w.week} <span className="muted" style={{ fontWeight: 400 }}>· {formatDate(w.monday)} – {formatDate(w.sunday)}</span></> : week ?? "This week"}
            </span>
            <button type="button" className="btn btn-secondary btn-sm" disabled={!w || !isPastWeek} onClick={() => w && goWeek(shiftWeek(w.monday, 1))} aria-label="Next week" data-testid="walk-next">
              <ChevronRightIcon size={15} />
            </button>
            {w && isPastWeek && <button type="button" className="btn btn-ghost btn-sm" onClick={() => goWeek(undefined)}>This week</button>}
          </div>
        )}
        <div style={{ flex: 1 }} />
        {w && !isPastWeek && (
          <button type="button" className="btn btn-primary btn-sm" onClick={() => void handleHold()} disabled={isHolding} data-testid="walk-hold"
            title="Record that you walked it now: next week's “done since the last walk” counts from this moment">
            <CheckIcon size={15} /> {isHolding ? "Holding…" : "Hold this walk"}
          </button>
        )}
      </div>

      {holdError && <Alert onClose={() => setHoldError(null)}>{holdError}</Alert>}
      {held && <Alert tone="success" onClose={() => setHeld(null)}>Walk held {formatDateTime(held, w?.timezone)}. Next week's “done since the last walk” counts from now.</Alert>}

      {!hasScope ? (
        <div className="card card-pad">
          {deals.state === "loading" && !deals.data ? <LoadingBlock label="Loading deals…" rows={3} />
            : (
              <EmptyState title="Pick what to walk" action={dealList[0] ? <Link to={`/walk?deal=${enc(dealList[0].id)}`} className="btn btn-primary btn-sm">Walk {dealList[0].name}</Link> : <Link to="/deals" className="btn btn-primary btn-sm">Go to deals</Link>}>
                <p>Choose a deal to walk its commitments with the deal team, or a partner to walk every deal you sell together.</p>
              </EmptyState>
            )}
        </div>
      ) : walk.state === "loading" && !w ? (
        <div className="card card-pad"><LoadingBlock label="Walking the ledger…" rows={6} /></div>
      ) : walk.state === "error" && !w ? (
        <div className="card card-pad"><ErrorState error={walk.error} title="Could not load the walk" onRetry={walk.reload} /></div>
      ) : w ? <WalkBody walk={w} /> : null}
    </div>
  );
}

function WalkBody({ walk: w }: { walk: Walk }) {
  const c = w.counts;
  const showDeal = w.scope.kind === "partner";
  const sinceLabel = w.lastWalkAt ? `since the last walk, ${formatDateTime(w.lastWalkAt, w.timezone)}` : `since the start of ${w.week} (no earlier walk held)`;
  return (
    <>
      <div className="card" data-testid="walk-summary">
        <div className="section-head" style={{ flexWrap: "wrap", rowGap: 6 }}>
          <h2 className="section-title">
            {w.scope.kind === "deal" ? <Link to={`/deals/${enc(w.scope.id)}`}>{w.scope.name}</Link> : <><UsersIcon size={16} /> {w.scope.name}</>}
          </h2>
          <span className="muted small">{w.scope.kind === "partner" ? `${w.deals.length} deal${w.deals.length === 1 ? "" : "s"}` : "Deal"}</span>
          <div className="section-head-spacer" />
          <span className={`badge ${tone(c.overdue, "badge-bad")}`}>{c.overdue} overdue</span>
          <span className={`badge ${tone(c.dueThisWeek, "badge-warn")}`}>{c.dueThisWeek} due this week</span>
          <span className={`badge ${tone(c.open, "badge-info")}`}>{c.open} open</span>
          <span className={`badge ${tone(c.doneSinceLastWalk, "badge-good")}`}>{c.doneSinceLastWalk} done</span>
          <span className={`badge ${tone(c.newRisks, "badge-bad")}`}>{c.newRisks} new risk{c.newRisks === 1 ? "" : "s"}</span>
          {c.unclearOwner > 0 && <span className="badge badge-warn">{c.unclearOwner} owner unclear</span>}
        </div>
        <div className="small muted" style={{ padding: "var(--sp-2) var(--sp-4)" }}>
          As of {formatDateTime(w.asOf, w.timezone)} · “Done” and “new risks” count {sinceLabel}
          {w.scope.kind === "deal" && <> · <Link to={`/deals/${enc(w.scope.id)}/ledger`}>Full ledger</Link></>}
        </div>
      </div>

      <WalkSection id="overdue" title="Overdue" icon={<AlertIcon size={16} />} count={c.overdue}
        empty="Nothing overdue. Every open commitment is still within its date.">
        {w.overdue.map((i) => <WalkRow key={i.itemId} item={i} showDeal={showDeal} />)}
      </WalkSection>

      <WalkSection id="due" title="Due this week" icon={<ClockIcon size={16} />} count={c.dueThisWeek}
        empty={`Nothing falls due between ${formatDate(w.monday)} and ${formatDate(w.sunday)}. Ask the owners below whether any open item should get a date.`}>
        {w.dueThisWeek.map((i) => <WalkRow key={i.itemId} item={i} showDeal={showDeal} />)}
      </WalkSection>

      <WalkSection id="open" title="Open by owner" icon={<UsersIcon size={16} />} count={c.open}
        empty="No open commitments. New ones appear here once conversations are processed.">
        {w.openByOwner.map((g) => (
          <div className="items-entry" key={`${g.side ?? ""}-${g.ownerPersonId ?? g.owner ?? ""}`} data-testid="walk-owner-group">
            <div className="items-group-title" style={{ display: "flex", alignItems: "center", gap: 8 }}>
              <span className={`item-owner ${sideClass(g.owner ? g.side : null)}`} style={{ textTransform: "none", letterSpacing: 0, fontSize: "var(--fs-sm)" }}>
                <span className="dot" aria-hidden="true" />{g.owner ?? "Owner unclear · someone has to take these"}
              </span>
              <span>{g.side ? SIDE_LABEL[g.side] : "Side unknown"}</span>
              <span className="count-pill">{g.items.length}</span>
            </div>
            {g.items.map((i) => <WalkRow key={i.itemId} item={i} showDeal={showDeal} hideOwner />)}
          </div>
        ))}
      </WalkSection>

      <WalkSection id="done" title="Done since the last walk" icon={<CheckIcon size={16} />} count={c.doneSinceLastWalk}
        empty={w.lastWalkAt ? "Nothing was closed since the last walk. Ask each owner where their items stand." : `Nothing was closed this week yet. Hold this walk so next week's list starts from today.`}>
        {w.doneSinceLastWalk.map((i) => <WalkRow key={i.itemId} item={i} showDeal={showDeal} />)}
      </WalkSection>

      <WalkSection id="risks" title="New risks" icon={<AlertIcon size={16} />} count={c.newRisks}
        empty="No new risks came up in conversations since the last walk.">
        {w.newRisks.map((r) => (
          <div className="item-row" key={r.itemId} data-testid="walk-risk">
            <div className="item-main">
              <span className="kind-tag kind-risk">{r.type ?? "Risk"}</span>
              <span className="item-text">{r.text ?? r.evidence.quote}</span>
            </div>
            {showDeal && <div className="item-meta"><Link to={`/deals/${enc(r.deal.id)}`}>{r.deal.name}</Link></div>}
            <EvidenceLink link={r.link} evidence={r.evidence} />
          </div>
        ))}
      </WalkSection>
    </>
  );
}

function WalkSection({ id, title, icon, count, empty, children }: { id: string; title: string; icon: ReactNode; count: number; empty: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={`walk-${id}-title`} data-testid={`walk-section-${id}`}>
      <div className="section-head">
        <h2 id={`walk-${id}-title`} className="section-title">{icon} {title}</h2>
        <span className="count-pill" data-testid={`walk-count-${id}`}>{count}</span>
      </div>
      {count > 0 ? <div className="items-list">{children}</div> : <p className="muted small" style={{ padding: "var(--sp-4)" }}>{empty}</p>}
    </section>
  );
}

function WalkRow({ item: i, showDeal, hideOwner }: { item: WalkItem; showDeal: boolean; hideOwner?: boolean }) {
  return (
    <div className="item-row" data-testid="walk-item" data-status={i.status} data-item-id={i.itemId}>
      <div className="item-main">
        <span className={`badge ${STATUS_TONE[i.status]}`}>{STATUS_LABEL[i.status]}</span>
        <span className="item-text">{i.text ?? i.evidence.quote}</span>
        {i.due && <span className="item-due">Due {formatDate(i.due)}</span>}
      </div>
      <div className="item-meta">
        {!hideOwner && (i.ownerUnclear || !i.owner
          ? <span className="item-owner side-unknown"><span className="dot" aria-hidden="true" />Owner unclear</span>
          : <span className={`item-owner ${sideClass(i.side)}`}><span className="dot" aria-hidden="true" />{i.owner}{i.side && <span className="muted">· {SIDE_LABEL[i.side]}</span>}</span>)}
        {showDeal && <Link to={`/deals/${enc(i.deal.id)}`}>{i.deal.name}</Link>}
        {i.status === "done" && i.closedAt && <span className="item-sub">Closed {formatDate(i.closedAt)}</span>}
      </div>
      <EvidenceLink link={i.link} evidence={i.evidence} />
    </div>
  );
}

function EvidenceLink({ link, evidence: e }: { link: string; evidence: Evidence }) {
  return (
    <Link className="evidence evidence-link" to={link} title="Open in transcript">
      <span className="evidence-quote">“{e.quote}”</span>
      <span className="evidence-meta">{e.speaker ?? "Unknown speaker"} · {e.at.slice(0, 8)} · {e.title}</span>
    </Link>
  );
}
