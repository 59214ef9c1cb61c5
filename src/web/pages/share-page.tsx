// /share/:token: the buyer's page — public, no app chrome: the agreed recap of the call and the buyer's own open
// commitments. The link is the whole credential; an expired, revoked or unknown link gets one plain message.
import { useEffect } from "react";
import { api } from "../api-client.ts";
import { BatonMark } from "../components/icons.tsx";
import { LoadingBlock } from "../components/ui.tsx";
import { formatDate } from "../format.ts";
import { useApi } from "../use-api.ts";

type Section = "discussed" | "decisions" | "commitments" | "questions" | "objections";
/** The GET /api/share/:token answer (src/modules/sharing/sharing.schemas.ts, ShareView). */
export interface ShareView {
  deal: { name: string; buyer: string | null };
  recipient: { name: string } | null;
  recap: {
    title: string; date: string; language: string; version: number;
    lines: Array<{ section: Section; text: string; side: "ours" | "partner" | "buyer" | null; owner: string | null; due: string | null }>;
  };
  commitments: Array<{ text: string; owner: string | null; due: string | null; status: "open" | "overdue"; quote: string; said: string }>;
  expiresAt: string;
}

const SECTIONS: Array<[Section, string]> = [
  ["discussed", "What we discussed"], ["decisions", "Decisions"], ["commitments", "Who does what"], ["questions", "Open questions"], ["objections", "Concerns raised"],
];

export function SharePage({ token }: { token: string }) {
  const view = useApi((signal) => api.share<ShareView>(token, signal), [token]);
  useEffect(() => { document.title = view.data ? `${view.data.recap.title} · recap` : "Call recap"; }, [view.data]);
  return (
    <div className="share-page">
      <div className="share-inner">
        <div className="share-head"><BatonMark size={20} /><span>Shared with you through Baton</span></div>
        {view.state === "loading" && !view.data && <div className="card"><LoadingBlock label="Loading the recap…" rows={6} /></div>}
        {view.state === "error" && !view.data && (
          <div className="card share-section" role="alert" data-testid="share-invalid">
            <h1 className="page-title">{view.error.status === 404 || view.error.status === 410 ? "This link is invalid or has expired" : "This page could not be loaded"}</h1>
            <p className="muted">
              {view.error.status === 404 || view.error.status === 410
                ? "Links to a recap work for a limited time. Ask the person who sent it to you for a new link."
                : `${view.error.message} Try again in a moment.`}
            </p>
          </div>
        )}
        {view.data && <ShareBody v={view.data} />}
      </div>
    </div>
  );
}

/** Owner and due date after a line, unless the line's words already say them ("Elena: Send the report (by 21 April)"). */
function lineSuffix(l: ShareView["recap"]["lines"][number]): string {
  const owner = l.owner && !l.text.includes(l.owner) ? l.owner : null;
  const due = l.due && !/\(by [^)]+\)/.test(l.text) ? `by ${formatDate(l.due)}` : null;
  return [owner, due].filter(Boolean).join(", ");
}

function ShareBody({ v }: { v: ShareView }) {
  return (
    <>
      <header className="card share-section" data-testid="share-header">
        <div className="muted small">{v.deal.buyer ? `${v.deal.name} · ${v.deal.buyer}` : v.deal.name}</div>
        <h1 className="page-title" style={{ margin: "4px 0" }}>{v.recap.title}</h1>
        <div className="muted small">
          {formatDate(v.recap.date)} · version {v.recap.version}{v.recipient ? ` · for ${v.recipient.name}` : ""} · link works until {formatDate(v.expiresAt)}
        </div>
      </header>
      <section className="card share-section" aria-label="Recap" data-testid="share-recap">
        {v.recap.lines.length === 0 && <p className="muted">This recap has no lines yet.</p>}
        {SECTIONS.map(([key, title]) => {
          const lines = v.recap.lines.filter((l) => l.section === key);
          if (!lines.length) return null;
          return (
            <div key={key} style={{ marginBottom: "var(--sp-4)" }}>
              <h2>{title}</h2>
              <ul>
                {lines.map((l, i) => (
                  <li key={i} data-testid="share-line">
                    {l.text}
                    {lineSuffix(l) && <span className="muted small"> — {lineSuffix(l)}</span>}
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </section>
      <section className="card share-section" aria-labelledby="share-commitments" data-testid="share-commitments">
        <h2 id="share-commitments">Your open commitments</h2>
        {v.commitments.length === 0 ? <p className="muted">Nothing open on your side. Thank you!</p> : (
          <ul>
            {v.commitments.map((c, i) => (
              <li key={i} data-testid="share-commitment">
                <strong>{c.text}</strong>
                {c.status === "overdue" && <span className="badge badge-bad" style={{ marginLeft: 6 }}>Overdue</span>}
                <div className="muted small">{[c.owner, c.due ? `due ${formatDate(c.due)}` : null, `said ${formatDate(c.said)}`].filter(Boolean).join(" · ")}</div>
                <div className="small" style={{ fontStyle: "italic", color: "var(--n-600)" }}>“{c.quote}”</div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className="muted small" style={{ textAlign: "center" }}>Sent by the team you are working with. Reply to their email with any corrections.</p>
    </>
  );
}
