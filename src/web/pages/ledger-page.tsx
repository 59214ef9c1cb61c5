// /deals/:id/ledger: the deal's commitment ledger on its own page (the same panel can sit on the deal page).
import { DealSubpage } from "../components/deal-subpage.tsx";
import { CheckIcon } from "../components/icons.tsx";
import { LedgerPanel } from "../components/ledger-panel.tsx";

export function LedgerPage({ id }: { id: string }) {
  return (
    <DealSubpage id={id} label="Ledger">
      {({ deal, people }) => (
        <section className="card items-area" aria-labelledby="ledger-title" style={{ maxHeight: "none" }}>
          <div className="section-head">
            <h2 id="ledger-title" className="section-title"><CheckIcon size={16} /> Commitment ledger</h2>
            <div className="section-head-spacer" />
            <span className="muted small">Every promise on the deal, who owns it, and the words that made and closed it</span>
          </div>
          <LedgerPanel dealId={deal.id} tz={deal.timezone} people={people} />
        </section>
      )}
    </DealSubpage>
  );
}
