// /deals/:id/ledger: the deal's commitment ledger on its own page (the same panel can sit on the deal page).
import { useEffect } from "react";
import { api } from "../api-client.ts";
import { ChevronRightIcon, CheckIcon } from "../components/icons.tsx";
import { LedgerPanel } from "../components/ledger-panel.tsx";
import { ErrorState, LoadingBlock } from "../components/ui.tsx";
import { Link } from "../router.tsx";
import { useApi } from "../use-api.ts";

export function LedgerPage({ id }: { id: string }) {
  const detail = useApi((signal) => api.deal(id, signal), [id]);
  const name = detail.data?.deal.name;
  useEffect(() => { if (name) document.title = `Ledger · ${name} · Baton`; }, [name]);
  if (detail.state === "loading" && !detail.data) return <div className="page"><div className="card"><LoadingBlock label="Loading deal…" rows={6} /></div></div>;
  if (detail.state === "error" && !detail.data) return <div className="page"><div className="card"><ErrorState error={detail.error} title="Could not load this deal" onRetry={detail.reload} /></div></div>;
  const { deal, people } = detail.data!;
  return (
    <div className="page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/deals">Deals</Link>
        <ChevronRightIcon size={14} />
        <Link to={`/deals/${deal.id}`}>{deal.name}</Link>
        <ChevronRightIcon size={14} />
        <span aria-current="page">Ledger</span>
      </nav>
      <section className="card items-area" aria-labelledby="ledger-title" style={{ maxHeight: "none" }}>
        <div className="section-head">
          <h2 id="ledger-title" className="section-title"><CheckIcon size={16} /> Commitment ledger</h2>
          <div className="section-head-spacer" />
          <span className="muted small">Every promise on the deal, who owns it, and the words that made and closed it</span>
        </div>
        <LedgerPanel dealId={deal.id} tz={deal.timezone} people={people} />
      </section>
    </div>
  );
}
