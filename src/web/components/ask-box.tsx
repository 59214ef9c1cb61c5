// Ask Baton on the deal page: a question, the short answer, and each citation (speaker in side colour, time,
// quote) linking to the transcript at that utterance. Weak and not-found answers say so plainly.
import { useState, type FormEvent } from "react";
import { ApiError, request } from "../api-client.ts";
import { Link } from "../router.tsx";
import type { Side } from "../types.ts";
import { SideChip } from "./ui.tsx";

interface AskEvidence { conversationId: string; conversation: string; seq: number; at: string; atMs: number; speaker: string | null; side: Side | null; quote: string }
interface AskAnswer { q: string; answer: string; confidence: "strong" | "weak" | "none"; evidence: AskEvidence[] }

const EXAMPLES = ["What did we commit to on the calls?", "Which objections came up on pricing?", "Who owns the security questionnaire?"];

/** "00:04:12.908" → "4:12" (hours only when there are some). */
const shortAt = (at: string): string => {
  const [h = "0", m = "0", s = "0"] = at.split(":");
  const sec = String(Math.floor(Number(s))).padStart(2, "0");
  return Number(h) ? `${Number(h)}:${m.padStart(2, "0")}:${sec}` : `${Number(m)}:${sec}`;
};

export function AskBox({ dealId }: { dealId: string }) {
  const [question, setQuestion] = useState("");
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<AskAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function ask(q: string) {
    const text = q.trim();
    if (!text || busy) return;
    setBusy(true); setError(null);
    try {
      setAnswer(await request<AskAnswer>("POST", `/api/deals/${encodeURIComponent(dealId)}/ask`, { question: text }));
    } catch (e) {
      setAnswer(null);
      setError(e instanceof ApiError ? e.message : "Could not ask Baton. Try again.");
    } finally {
      setBusy(false);
    }
  }
  const onSubmit = (e: FormEvent) => { e.preventDefault(); void ask(question); };

  return (
    <section className="card" aria-labelledby="ask-title" data-testid="ask-box" style={{ marginBottom: "var(--sp-4)" }}>
      <div className="section-head">
        <h2 id="ask-title" className="section-title">Ask about this deal</h2>
      </div>
      <div style={{ padding: "var(--sp-3) var(--sp-4)" }}>
        <form onSubmit={onSubmit} style={{ display: "flex", gap: "var(--sp-2)" }} role="search">
          <input className="input" style={{ flex: 1 }} value={question} onChange={(e) => setQuestion(e.target.value)} maxLength={500}
            placeholder="e.g. Who owns the security questionnaire?" aria-label="Question about this deal" data-testid="ask-input" />
          <button type="submit" className="btn btn-primary" disabled={busy || !question.trim()}>{busy ? "Asking…" : "Ask"}</button>
        </form>
        {!answer && !error && (
          <div style={{ display: "flex", flexWrap: "wrap", gap: "var(--sp-2)", marginTop: "var(--sp-2)" }}>
            {EXAMPLES.map((x) => (
              <button key={x} type="button" className="btn btn-ghost btn-sm" onClick={() => { setQuestion(x); void ask(x); }}>{x}</button>
            ))}
          </div>
        )}
        {error && <p role="alert" style={{ color: "var(--bad)", marginTop: "var(--sp-3)" }}>{error}</p>}
        {answer && <AnswerView answer={answer} />}
      </div>
    </section>
  );
}

function AnswerView({ answer }: { answer: AskAnswer }) {
  if (answer.confidence === "none") {
    return <p data-testid="ask-answer" data-confidence="none" style={{ marginTop: "var(--sp-3)", color: "var(--n-600)" }}>{answer.answer} Try other words, or a person's or company's name.</p>;
  }
  const lines = answer.answer.split("\n");
  const weak = answer.confidence === "weak";
  return (
    <div data-testid="ask-answer" data-confidence={answer.confidence} style={{ marginTop: "var(--sp-3)" }}>
      {weak && (
        <p style={{ color: "var(--warn-700, #8a5a00)", background: "var(--warn-50, #fff8e6)", borderRadius: "var(--r-md, 6px)", padding: "var(--sp-2) var(--sp-3)", margin: 0 }}>
          No clear answer in the conversations — these are the nearest passages, not a confirmed answer.
        </p>
      )}
      {!weak && lines.length > 1 && <p style={{ margin: "0 0 var(--sp-2)", color: "var(--n-600)" }}>{plural(answer.evidence.length)}</p>}
      <ol style={{ listStyle: "none", padding: 0, margin: "var(--sp-2) 0 0", display: "grid", gap: "var(--sp-2)" }}>
        {answer.evidence.map((e, i) => (
          <li key={`${e.conversationId}#${e.seq}`} style={{ border: "1px solid var(--n-150)", borderRadius: "var(--r-md, 6px)", padding: "var(--sp-2) var(--sp-3)" }}>
            {!weak && lines[i] && <div style={{ fontWeight: 600, marginBottom: 4 }}>{stripQuote(lines[i]!)}</div>}
            <div style={{ display: "flex", alignItems: "center", gap: "var(--sp-2)", flexWrap: "wrap", fontSize: "0.875em" }}>
              <SideChip side={e.side} name={e.speaker} />
              <Link to={`/conversations/${encodeURIComponent(e.conversationId)}#seq-${e.seq}`} data-testid="ask-citation"
                title={`Open ${e.conversation} at ${e.at}`}>{e.conversation} · {shortAt(e.at)}</Link>
            </div>
            <blockquote style={{ margin: "4px 0 0", color: "var(--n-700)", fontStyle: "italic" }}>“{e.quote}”</blockquote>
          </li>
        ))}
      </ol>
    </div>
  );
}

const plural = (n: number) => `${n} cited passage${n === 1 ? "" : "s"}:`;
/** An answer line without its trailing quote (the quote is shown under it). */
const stripQuote = (line: string) => line.replace(/(:\s*)?“[^”]*”\s*$/, "").replace(/,\s*$/, "").trim() || line;
