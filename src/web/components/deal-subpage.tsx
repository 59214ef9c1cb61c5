// The frame of a page below a deal (/deals/:id/ledger, /deals/:id/attribution): loads the deal, sets the title,
// shows loading and error states and the breadcrumb, then renders the page's own content.
import { useEffect, type ReactNode } from "react";
import { api } from "../api-client.ts";
import { useIsPartner } from "../auth.tsx";
import type { DealDetail } from "../types.ts";
import { Link } from "../router.tsx";
import { useApi } from "../use-api.ts";
import { ChevronRightIcon } from "./icons.tsx";
import { ErrorState, LoadingBlock } from "./ui.tsx";

export function DealSubpage({ id, label, children }: { id: string; label: string; children: (detail: DealDetail) => ReactNode }) {
  const detail = useApi((signal) => api.deal(id, signal), [id]);
  const isPartner = useIsPartner();
  const name = detail.data?.deal.name;
  useEffect(() => { if (name) document.title = `${label} · ${name} · Baton`; }, [name, label]);
  if (detail.state === "loading" && !detail.data) return <div className="page"><div className="card"><LoadingBlock label="Loading deal…" rows={6} /></div></div>;
  if (detail.state === "error" && !detail.data) return <div className="page"><div className="card"><ErrorState error={detail.error} title="Could not load this deal" onRetry={detail.reload} /></div></div>;
  const { deal } = detail.data!;
  return (
    <div className="page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/deals">{isPartner ? "Shared deals" : "Deals"}</Link>
        <ChevronRightIcon size={14} />
        <Link to={`/deals/${deal.id}`}>{deal.name}</Link>
        <ChevronRightIcon size={14} />
        <span aria-current="page">{label}</span>
      </nav>
      {children(detail.data!)}
    </div>
  );
}
