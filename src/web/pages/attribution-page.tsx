// /deals/:id/attribution: the deal's partner attribution, its evidence trail, claims and snapshots.
import { useEffect } from "react";
import { api } from "../api-client.ts";
import { AttributionPanel } from "../components/attribution-panel.tsx";
import { ChevronRightIcon } from "../components/icons.tsx";
import { ErrorState, LoadingBlock } from "../components/ui.tsx";
import { Link } from "../router.tsx";
import { useApi } from "../use-api.ts";

export function AttributionPage({ id }: { id: string }) {
  const detail = useApi((signal) => api.deal(id, signal), [id]);
  const name = detail.data?.deal.name;
  useEffect(() => { if (name) document.title = `Attribution · ${name} · Baton`; }, [name]);
  if (detail.state === "loading" && !detail.data) return <div className="page"><div className="card"><LoadingBlock label="Loading deal…" rows={6} /></div></div>;
  if (detail.state === "error" && !detail.data) return <div className="page"><div className="card"><ErrorState error={detail.error} title="Could not load this deal" onRetry={detail.reload} /></div></div>;
  const { deal } = detail.data!;
  return (
    <div className="page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/deals">Deals</Link>
        <ChevronRightIcon size={14} />
        <Link to={`/deals/${deal.id}`}>{deal.name}</Link>
        <ChevronRightIcon size={14} />
        <span aria-current="page">Attribution</span>
      </nav>
      <section className="card card-pad" aria-labelledby="attribution-title">
        <div className="section-head section-head-flat">
          <h2 id="attribution-title" className="section-title">Partner attribution</h2>
          <div className="section-head-spacer" />
          <span className="muted small">Sourced, influenced or neither, and the words that show it</span>
        </div>
        <AttributionPanel dealId={deal.id} />
      </section>
    </div>
  );
}
