// /deals/:id/attribution: the deal's partner attribution, its evidence trail, claims and snapshots.
import { AttributionPanel } from "../components/attribution-panel.tsx";
import { DealSubpage } from "../components/deal-subpage.tsx";

export function AttributionPage({ id }: { id: string }) {
  return (
    <DealSubpage id={id} label="Attribution">
      {({ deal }) => (
        <section className="card card-pad" aria-labelledby="attribution-title">
          <div className="section-head section-head-flat">
            <h2 id="attribution-title" className="section-title">Partner attribution</h2>
            <div className="section-head-spacer" />
            <span className="muted small">Sourced, influenced or neither, and the words that show it</span>
          </div>
          <AttributionPanel dealId={deal.id} />
        </section>
      )}
    </DealSubpage>
  );
}
