// /deals: every deal in the workspace with search and filters, and the import control when there are none.
import { useEffect, useMemo, useRef, useState } from "react";
import { api } from "../api-client.ts";
import { useIsPartner } from "../auth.tsx";
import { FolderIcon, SearchIcon, UploadIcon, XIcon } from "../components/icons.tsx";
import { EmptyState, ErrorState, LoadingBlock, StageBadge } from "../components/ui.tsx";
import { FileDrop } from "../components/upload.tsx";
import { formatDate, formatMoney, formatMotion, formatRelative, plural, titleCase } from "../format.ts";
import { Link, navigate, useSearchParams } from "../router.tsx";
import type { DealSummary, ImportResult, Ref } from "../types.ts";
import { useApi } from "../use-api.ts";

const MOTIONS = ["co-sell", "resell", "referral"];

export function ImportPanel({ onImported }: { onImported?: (r: ImportResult) => void }) {
  return (
    <FileDrop<ImportResult>
      testId="import-deal"
      multiple
      accept=".zip,.json,.yaml,.yml,.md,.txt,.vtt,.srt,.eml,.docx"
      title={<>Drop a deal folder's files here, or one <code>.zip</code></>}
      hint="deal.json / deal.yaml, the partner intro email (.eml) and call transcripts (.vtt, .srt, .txt, .json)"
      submitLabel="Import deal"
      upload={(files) => api.importFiles(files)}
      describe={(r) => (
        <>
          <strong>{r.created ? "Imported" : "Updated"} <Link to={`/deals/${r.deal.id}`}>{r.deal.name}</Link>.</strong>{" "}
          {plural(r.conversations.added, "conversation")} added{r.conversations.unchanged ? `, ${r.conversations.unchanged} unchanged` : ""}.
        </>
      )}
      onDone={onImported}
    />
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function DealsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const stage = params.get("stage") ?? "";
  const motion = params.get("motion") ?? "";
  const partner = params.get("partner") ?? "";
  const [search, setSearch] = useState(q);
  const debounced = useDebounced(search, 250);
  const [showImport, setShowImport] = useState(false);
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) { firstRender.current = false; return; }
    if (debounced !== q) setParams({ q: debounced.trim() || undefined }, { replace: true });
  }, [debounced]);
  useEffect(() => { if (q !== debounced && q !== search) setSearch(q); /* back/forward */ }, [q]);

  const deals = useApi((signal) => api.deals({ q: q || undefined, stage: stage || undefined, motion: motion || undefined, partner: partner || undefined }, signal), [q, stage, motion, partner]);

  // Filter options accumulate from every response so a narrowed list does not empty the dropdowns.
  const [seen, setSeen] = useState<{ stages: Set<string>; partners: Map<string, string> }>({ stages: new Set(), partners: new Map() });
  useEffect(() => {
    if (deals.state !== "ready") return;
    setSeen((prev) => {
      const stages = new Set(prev.stages);
      const partners = new Map(prev.partners);
      for (const d of deals.data.deals) {
        if (d.stage) stages.add(d.stage);
        for (const p of d.partners) partners.set(p.id, p.name);
      }
      return { stages, partners };
    });
  }, [deals.state, deals.data]);

  const stageOptions = useMemo(() => [...new Set([...seen.stages, ...(stage ? [stage] : [])])].sort(), [seen.stages, stage]);
  const partnerOptions = useMemo(() => {
    const m = new Map(seen.partners);
    if (partner && !m.has(partner)) m.set(partner, partner);
    return [...m.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [seen.partners, partner]);

  const filtered = Boolean(q || stage || motion || partner);
  const list = deals.data?.deals ?? [];
  const noDealsAtAll = deals.state === "ready" && list.length === 0 && !filtered;
  const isPartner = useIsPartner();

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">{isPartner ? "Shared deals" : "Deals"}</h1>
          <p className="page-sub">
            {deals.state === "ready" ? (filtered ? `${plural(list.length, "deal")} match` : isPartner ? `${plural(list.length, "deal")} shared with your organisation` : plural(list.length, "deal"))
              : isPartner ? "Deals our side shares with your organisation" : "Partner co-sell deals in this workspace"}
          </p>
        </div>
        {!noDealsAtAll && !isPartner && (
          <button type="button" className={`btn ${showImport ? "btn-secondary" : "btn-primary"}`} onClick={() => setShowImport((v) => !v)} aria-expanded={showImport}>
            {showImport ? <><XIcon size={15} /> Close import</> : <><UploadIcon size={15} /> Import deal</>}
          </button>
        )}
      </div>

      {showImport && !noDealsAtAll && !isPartner && (
        <div className="card card-pad import-card">
          <ImportPanel onImported={() => deals.reload()} />
          <p className="muted small">Or from a terminal: <code>baton import &lt;folder&gt;</code></p>
        </div>
      )}

      {!noDealsAtAll && (
        <div className="toolbar" role="search">
          <label className="searchbox">
            <SearchIcon size={16} />
            <input type="search" className="input" placeholder="Search deals, buyers or partners…" aria-label="Search deals"
              value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
          <select className="select" aria-label="Stage" value={stage} onChange={(e) => setParams({ stage: e.target.value || undefined })}>
            <option value="">All stages</option>
            {stageOptions.map((s) => <option key={s} value={s}>{titleCase(s)}</option>)}
          </select>
          <select className="select" aria-label="Motion" value={motion} onChange={(e) => setParams({ motion: e.target.value || undefined })}>
            <option value="">All motions</option>
            {MOTIONS.map((m) => <option key={m} value={m}>{formatMotion(m)}</option>)}
          </select>
          <select className="select" aria-label="Partner" value={partner} onChange={(e) => setParams({ partner: e.target.value || undefined })}>
            <option value="">All partners</option>
            {partnerOptions.map(([id, name]) => <option key={id} value={id}>{name}</option>)}
          </select>
          {filtered && (
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => { setSearch(""); setParams({ q: undefined, stage: undefined, motion: undefined, partner: undefined }); }}>
              Clear filters
            </button>
          )}
        </div>
      )}

      {deals.state === "loading" && !deals.data && <div className="card"><LoadingBlock label="Loading deals…" rows={6} /></div>}
      {deals.state === "error" && <div className="card"><ErrorState error={deals.error} title="Could not load deals" onRetry={deals.reload} /></div>}

      {noDealsAtAll && isPartner && (
        <div className="card card-pad">
          <EmptyState icon={<FolderIcon size={26} />} title="No deals shared with you yet">
            <p>When our side adds your organisation to a deal, it appears here with its calls, commitments and recaps.</p>
          </EmptyState>
        </div>
      )}

      {noDealsAtAll && !isPartner && (
        <div className="card card-pad">
          <EmptyState icon={<FolderIcon size={26} />} title="No deals yet">
            <p>Import a deal folder with <code>baton import &lt;folder&gt;</code> or upload one below.</p>
            <p className="muted small">A deal folder holds <code>deal.json</code> (or <code>deal.yaml</code>), the partner's intro email and the call transcripts and emails that followed.</p>
          </EmptyState>
          <div className="empty-upload"><ImportPanel onImported={(r) => navigate(`/deals/${r.deal.id}`)} /></div>
        </div>
      )}

      {deals.data && list.length === 0 && filtered && deals.state !== "error" && (
        <div className="card card-pad">
          <EmptyState icon={<SearchIcon size={24} />} title="No deals match these filters"
            action={<button type="button" className="btn btn-secondary" onClick={() => { setSearch(""); setParams({ q: undefined, stage: undefined, motion: undefined, partner: undefined }); }}>Clear filters</button>}>
            <p>Try a different search, or clear the filters to see every deal.</p>
          </EmptyState>
        </div>
      )}

      {list.length > 0 && <DealsTable deals={list} loading={deals.state === "loading"} />}
    </div>
  );
}

function PartnerList({ partners }: { partners: Ref[] }) {
  if (partners.length === 0) return <span className="muted">—</span>;
  return (
    <span className="partner-list">
      {partners.map((p) => <span key={p.id} className="chip chip-sm side-partner"><span className="chip-dot" />{p.name}</span>)}
    </span>
  );
}

function DealsTable({ deals, loading }: { deals: DealSummary[]; loading: boolean }) {
  return (
    <div className={`card table-card${loading ? " is-loading" : ""}`}>
      <table className="table deals-table" data-testid="deals-table">
        <thead>
          <tr>
            <th>Deal</th>
            <th>Partner</th>
            <th>Stage</th>
            <th className="num">Amount</th>
            <th>Owner</th>
            <th className="num">Conversations</th>
            <th>Last activity</th>
          </tr>
        </thead>
        <tbody>
          {deals.map((d) => (
            <tr key={d.id} className="row-link" onClick={(e) => { if (!(e.target as HTMLElement).closest("a")) navigate(`/deals/${d.id}`); }}>
              <td className="cell-deal">
                <Link to={`/deals/${d.id}`} className="deal-name">{d.name}</Link>
                <span className="deal-buyer">
                  <span className="dot side-buyer" aria-hidden="true" />
                  {d.buyer?.name ?? "No buyer set"}
                  <span className="muted"> · {formatMotion(d.motion)}</span>
                </span>
              </td>
              <td><PartnerList partners={d.partners} /></td>
              <td><StageBadge stage={d.stage} /></td>
              <td className="num tabular">{formatMoney(d.amount, d.currency)}</td>
              <td>{d.owner?.name ?? <span className="muted">Unassigned</span>}</td>
              <td className="num tabular">{d.conversationCount}</td>
              <td title={d.lastConversationAt ? formatDate(d.lastConversationAt) : undefined}>
                {d.lastConversationAt ? formatRelative(d.lastConversationAt) : <span className="muted">No conversations</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
