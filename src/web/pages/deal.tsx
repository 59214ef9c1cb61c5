// /deals/:id: the deal header, people on each side, the conversation timeline, upload, and the items area.
// Partner users get the panels their API access covers, read-only (no handoff, briefs, upload or review controls).
import { useEffect, useMemo, useState } from "react";
import { api, ApiError } from "../api-client.ts";
import { useIsPartner } from "../auth.tsx";
import { ChevronRightIcon, ClockIcon, GlobeIcon, KindIcon, ListIcon, UploadIcon, UsersIcon, XIcon } from "../components/icons.tsx";
import { ItemsList } from "../components/items.tsx";
import { Avatar, EmptyState, ErrorState, LoadingBlock, MotionBadge, SideChip, sideClass, StageBadge } from "../components/ui.tsx";
import { FileDrop } from "../components/upload.tsx";
import { formatDateTime, formatDuration, formatLanguage, formatMoney, plural, SIDE_LABEL, titleCase } from "../format.ts";
import { Link } from "../router.tsx";
import type { ConversationSummary, Deal, Item, Person, Ref, Side } from "../types.ts";
import { SIDES } from "../types.ts";
import { useApi } from "../use-api.ts";
import { BriefPanel } from "../components/brief-panel.tsx";
import { AskBox } from "../components/ask-box.tsx";
import { BriefDoc } from "../components/brief-doc.tsx";
import { RecapHuddles } from "../components/recap-huddles.tsx";
import { DeliveryPanel } from "../components/delivery-panel.tsx";
import { CrmSyncPanel } from "../components/crm-sync-panel.tsx";

export function DealPage({ id }: { id: string }) {
  const detail = useApi((signal) => api.deal(id, signal), [id]);
  const items = useApi(async (signal) => {
    try {
      return await api.dealItems(id, signal);
    } catch (e) {
      // The items endpoint arrives with extraction; until then (404/501) the area shows its empty state.
      if (e instanceof ApiError && (e.status === 404 || e.status === 405 || e.status === 501)) return null;
      throw e;
    }
  }, [id]);
  const [shownCount, setShownCount] = useState<number | null>(null);
  const isPartner = useIsPartner();
  const dealName = detail.data?.deal.name;
  useEffect(() => { if (dealName) document.title = `${dealName} · Baton`; }, [dealName]);

  if (detail.state === "loading" && !detail.data) return <div className="page"><div className="card"><LoadingBlock label="Loading deal…" rows={8} /></div></div>;
  if (detail.state === "error" && !detail.data) {
    return (
      <div className="page">
        <Breadcrumb name="Deal" />
        <div className="card">
          <ErrorState error={detail.error} title={detail.error.status === 404 ? "Deal not found" : "Could not load this deal"}
            onRetry={detail.reload} action={detail.error.status === 404 ? <Link to="/deals" className="btn btn-primary">Back to deals</Link> : undefined} />
        </div>
      </div>
    );
  }
  const { deal, people, conversations } = detail.data!;

  return (
    <div className="page">
      <Breadcrumb name={deal.name} />
      <DealHeader deal={deal} conversations={conversations} people={people} />
      <PeopleSection people={people} />
      {!isPartner && <BriefPanel dealId={deal.id} />}
      <AskBox dealId={deal.id} />
      <div className="deal-grid">
        <Timeline deal={deal} conversations={conversations} onUploaded={detail.reload} canUpload={!isPartner} />
        <section className="card items-area" aria-labelledby="items-title" data-testid="items-area">
          <div className="section-head">
            <h2 id="items-title" className="section-title"><ListIcon size={16} /> Commitments &amp; items</h2>
            {items.state === "ready" && items.data && <span className="count-pill">{shownCount ?? items.data.items.length}</span>}
            <Link to={`/deals/${deal.id}/ledger`} className="section-link" data-testid="ledger-link">Commitment ledger →</Link>
            <Link to={`/deals/${deal.id}/attribution`} className="section-link" data-testid="attribution-link">Partner attribution →</Link>
          </div>
          <ItemsBody state={items.state} data={items.data} error={items.error} tz={deal.timezone} conversations={conversations} people={people} onRetry={items.reload} onCountChange={setShownCount} isReviewable={!isPartner} />
        </section>
      </div>
      {!isPartner && <BriefDoc dealId={deal.id} people={people} />}
      <RecapHuddles dealId={deal.id} tz={deal.timezone} isReadOnly={isPartner} />
      {!isPartner && <DeliveryPanel dealId={deal.id} conversations={conversations} />}
      {!isPartner && <CrmSyncPanel dealId={deal.id} />}
    </div>
  );
}

function Breadcrumb({ name }: { name: string }) {
  const isPartner = useIsPartner();
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <Link to="/deals">{isPartner ? "Shared deals" : "Deals"}</Link>
      <ChevronRightIcon size={14} />
      <span aria-current="page">{name}</span>
    </nav>
  );
}

function RefValue({ r, side }: { r: Ref | null; side?: Side }) {
  if (!r) return <span className="muted">Not set</span>;
  return <span className="meta-person">{side && <span className={`dot ${sideClass(side)}`} aria-hidden="true" />}{r.name}</span>;
}

function DealHeader({ deal, conversations, people }: { deal: Deal; conversations: ConversationSummary[]; people: Person[] }) {
  const last = conversations.reduce<string | null>((m, c) => (!m || c.startedAt > m ? c.startedAt : m), null);
  return (
    <header className="card deal-header" data-testid="deal-header">
      <div className="deal-header-top">
        <div className="deal-header-title">
          <h1 className="page-title">{deal.name}</h1>
          <div className="deal-badges">
            <StageBadge stage={deal.stage} />
            <MotionBadge motion={deal.motion} />
            <span className="muted small">{plural(conversations.length, "conversation")} · {plural(people.length, "person", "people")}{last ? ` · last ${formatDateTime(last, deal.timezone)}` : ""}</span>
          </div>
        </div>
        <div className="deal-amount">
          {deal.amount == null
            ? <span className="deal-amount-value is-empty">Not set</span>
            : <span className="deal-amount-value tabular">{formatMoney(deal.amount, deal.currency)}</span>}
          <span className="deal-amount-label">{deal.currency ? `Amount · ${deal.currency}` : "Amount"}</span>
        </div>
      </div>
      <dl className="meta-grid">
        <div><dt>Buyer</dt><dd><RefValue r={deal.buyer} side="buyer" /></dd></div>
        <div><dt>{deal.partners.length > 1 ? "Partners" : "Partner"}</dt><dd>
          {deal.partners.length ? deal.partners.map((p, i) => <span key={p.id}>{i > 0 && ", "}<RefValue r={p} side="partner" /></span>) : <span className="muted">None</span>}
        </dd></div>
        <div><dt>Owner</dt><dd><RefValue r={deal.owner} side="ours" /></dd></div>
        <div><dt>Backup owner</dt><dd><RefValue r={deal.backupOwner} side="ours" /></dd></div>
        <div><dt>Partner owner</dt><dd><RefValue r={deal.partnerOwner} side="partner" /></dd></div>
        <div><dt>Timezone</dt><dd>{deal.timezone || "—"}</dd></div>
      </dl>
    </header>
  );
}

function PeopleSection({ people }: { people: Person[] }) {
  const bySide = useMemo(() => {
    const m: Record<Side | "unknown", Person[]> = { ours: [], partner: [], buyer: [], unknown: [] };
    for (const p of people) m[p.side ?? "unknown"].push(p);
    return m;
  }, [people]);
  return (
    <section className="people-section" aria-labelledby="people-title">
      <div className="section-head section-head-flat">
        <h2 id="people-title" className="section-title"><UsersIcon size={16} /> People</h2>
        {bySide.unknown.length > 0 && <span className="muted small">{plural(bySide.unknown.length, "person", "people")} not matched to a side</span>}
      </div>
      <div className="people-columns">
        {SIDES.map((side) => (
          <div key={side} className={`card people-col ${sideClass(side)}`} data-testid={`people-${side}`}>
            <div className="people-col-head">
              <span className="people-col-title"><span className="dot" aria-hidden="true" />{SIDE_LABEL[side]}</span>
              <span className="count-pill">{bySide[side].length}</span>
            </div>
            {bySide[side].length === 0 ? (
              <p className="people-empty">No {side === "ours" ? "people from our side" : `${side} contacts`} yet.</p>
            ) : (
              <ul className="people-list">
                {bySide[side].map((p) => (
                  <li key={p.id} className="person">
                    <Avatar name={p.name} side={side} />
                    <div className="person-text">
                      <span className="person-name">{p.name}</span>
                      <span className="person-title">{[p.title, p.orgName].filter(Boolean).join(" · ") || "—"}</span>
                      {p.emails[0] && <a className="person-email" href={`mailto:${p.emails[0]}`}>{p.emails[0]}</a>}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}

function Timeline({ deal, conversations, onUploaded, canUpload }: { deal: Deal; conversations: ConversationSummary[]; onUploaded: () => void; canUpload: boolean }) {
  const [showUpload, setShowUpload] = useState(false);
  const sorted = useMemo(() => [...conversations].sort((a, b) => a.startedAt.localeCompare(b.startedAt)), [conversations]);
  return (
    <section className="card timeline-card" aria-labelledby="timeline-title">
      <div className="section-head">
        <h2 id="timeline-title" className="section-title"><ClockIcon size={16} /> Conversations</h2>
        <span className="count-pill">{conversations.length}</span>
        <div className="section-head-spacer" />
        {canUpload && (
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => setShowUpload((v) => !v)} aria-expanded={showUpload}>
            {showUpload ? <><XIcon size={14} /> Close</> : <><UploadIcon size={14} /> Upload transcript</>}
          </button>
        )}
      </div>
      {canUpload && showUpload && (
        <div className="timeline-upload">
          <FileDrop<unknown>
            compact
            testId="upload-transcript"
            accept=".vtt,.srt,.txt,.json,.eml,.md,.docx"
            title="Drop a call transcript or email for this deal"
            hint="Zoom / Teams / Meet .vtt, .srt, Otter .txt, Deepgram / AssemblyAI / Whisper .json, or an .eml"
            submitLabel="Upload"
            upload={(files) => api.uploadConversation(deal.id, files[0]!)}
            describe={() => <strong>Transcript added to this deal.</strong>}
            onDone={onUploaded}
          />
        </div>
      )}
      {sorted.length === 0 ? (
        <EmptyState icon={<KindIcon kind="call" size={22} />} title="No conversations yet">
          {canUpload
            ? <p>Upload a call transcript or email above, or re-run <code>baton import &lt;folder&gt;</code> with new files.</p>
            : <p>Conversations our side shares with you will appear here.</p>}
        </EmptyState>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {sorted.map((c) => (
            <li key={c.id} className="timeline-item">
              <span className={`timeline-icon kind-${c.kind}`} title={titleCase(c.kind)}><KindIcon kind={c.kind} size={15} /></span>
              <div className="timeline-body">
                <div className="timeline-row">
                  <Link to={`/conversations/${c.id}`} className="timeline-title">{c.title || "Untitled conversation"}</Link>
                  {c.isInternal && <span className="internal-badge" data-testid="timeline-internal">Internal — never shared</span>}
                  {c.heldForConsent && <span className="badge badge-warn" data-testid="timeline-held" title="Stored, not processed or shared until every speaker's recording consent is recorded">Held for consent</span>}
                  <span className="timeline-date">{formatDateTime(c.startedAt, deal.timezone)}</span>
                </div>
                <div className="timeline-meta">
                  <span>{titleCase(c.kind)}</span>
                  {c.durationMs > 0 && <span><ClockIcon size={12} /> {formatDuration(c.durationMs)}</span>}
                  {c.language && <span><GlobeIcon size={12} /> {formatLanguage(c.language)}</span>}
                  <span>{plural(c.utteranceCount, c.kind === "email" ? "message part" : "utterance")}</span>
                  <span className="muted">{c.sourceFormat}</span>
                </div>
                {c.speakers.length > 0 && (
                  <div className="chips">
                    {c.speakers.map((s) => <SideChip key={s.label} side={s.side} name={s.name} label={s.label} />)}
                  </div>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function ItemsBody({ state, data, error, tz, conversations, people, onRetry, onCountChange, isReviewable }: {
  state: "loading" | "error" | "ready"; data: { items: Item[] } | null; error: ApiError | null; tz: string;
  conversations: ConversationSummary[]; people: Person[]; onRetry: () => void; onCountChange: (n: number) => void; isReviewable: boolean;
}) {
  if (state === "loading") return <LoadingBlock label="Loading items…" rows={3} />;
  if (state === "error" && error) return <ErrorState error={error} title="Could not load items" onRetry={onRetry} />;
  if (!data || data.items.length === 0) {
    return (
      <EmptyState icon={<ListIcon size={22} />} title={data ? "No items yet" : "Items are not extracted yet"}>
        <p>Commitments, objections, decisions, stakeholders and risks will appear here, each pinned to the exact words in a transcript, once conversations are processed.</p>
      </EmptyState>
    );
  }
  return <ItemsList items={data.items} conversations={conversations} people={people} tz={tz} onCountChange={onCountChange} isReviewable={isReviewable} />;
}
