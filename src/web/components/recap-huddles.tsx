// The deal's weekly 15-minute co-sell huddle: the calendar file, the emailed invitation, and huddles held (counted).
import { useState } from "react";
import { ApiError, request } from "../api-client.ts";
import { formatDateTime } from "../format.ts";
import { useApi } from "../use-api.ts";
import { Alert, ErrorState, LoadingBlock } from "./ui.tsx";

interface Held { dealId: string; count: number; huddles: Array<{ conversationId: string; heldAt: string; title: string; notes: string }> }
const WEEKDAYS = [["MO", "Monday"], ["TU", "Tuesday"], ["WE", "Wednesday"], ["TH", "Thursday"], ["FR", "Friday"]] as const;
const enc = encodeURIComponent;

/** isReadOnly (partner users): the calendar file and the huddles held, without inviting or recording. */
export function RecapHuddles({ dealId, tz, isReadOnly = false }: { dealId: string; tz?: string; isReadOnly?: boolean }) {
  const held = useApi((signal) => request<Held>("GET", `/api/deals/${enc(dealId)}/huddles`, undefined, { signal }), [dealId]);
  const [weekday, setWeekday] = useState("MO");
  const [time, setTime] = useState("09:00");
  const [notes, setNotes] = useState("");
  // datetime-local wants the browser's local wall clock, not UTC.
  const [heldAt, setHeldAt] = useState(() => new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<string>) => {
    setBusy(true); setMessage(null);
    try { setMessage({ tone: "success", text: await f() }); } catch (e) { setMessage({ tone: "error", text: e instanceof ApiError ? e.message : String(e) }); } finally { setBusy(false); }
  };
  const handleInvite = () => run(async () => {
    const r = await request<{ invite: { attendees: unknown[]; start: string } }>("POST", `/api/deals/${enc(dealId)}/huddle/invite`, { weekday, time });
    return `Invitation sent to ${r.invite.attendees.length} people, first on ${formatDateTime(r.invite.start, tz)}.`;
  });
  const handleRecord = () => run(async () => {
    await request("POST", `/api/deals/${enc(dealId)}/huddles`, { heldAt: new Date(heldAt).toISOString(), notes });
    setNotes(""); held.reload();
    return "Huddle recorded.";
  });
  return (
    <div className="items" data-testid="recap-huddles">
      <div className="item-meta" style={{ padding: "var(--sp-3) var(--sp-4)", gap: "var(--sp-2)", flexWrap: "wrap" }}>
        <select className="select input-sm" style={{ width: "auto" }} value={weekday} onChange={(e) => setWeekday(e.target.value)} aria-label="Weekday">
          {WEEKDAYS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>
        <input className="input input-sm" style={{ width: 130 }} type="time" value={time} onChange={(e) => setTime(e.target.value)} aria-label="Time" />
        <a className="btn btn-secondary btn-sm" href={`/api/deals/${enc(dealId)}/huddle.ics?weekday=${weekday}&time=${enc(time)}`}>Download .ics</a>
        {!isReadOnly && <button type="button" className="btn btn-primary btn-sm" onClick={handleInvite} disabled={busy}>Email invitation</button>}
      </div>
      {message && <div style={{ padding: "0 var(--sp-4)" }}><Alert tone={message.tone} onClose={() => setMessage(null)}>{message.text}</Alert></div>}
      {held.state === "loading" && !held.data ? <LoadingBlock label="Loading huddles…" rows={2} />
        : held.state === "error" && !held.data ? <ErrorState error={held.error} title="Could not load huddles" onRetry={held.reload} />
        : (
          <div className="items-list">
            <div className="items-entry">
              <div className="items-group-title">{held.data!.count} huddle{held.data!.count === 1 ? "" : "s"} held</div>
              {held.data!.huddles.map((h) => (
                <div className="item-row" key={h.conversationId}><div className="item-main"><span className="item-text">{formatDateTime(h.heldAt, tz)}</span></div><div className="muted small" style={{ whiteSpace: "pre-wrap" }}>{h.notes}</div></div>
              ))}
              {!isReadOnly && <div className="item-edit" style={{ gap: "var(--sp-2)", flexWrap: "wrap" }}>
                <input className="input input-sm" type="datetime-local" value={heldAt} onChange={(e) => setHeldAt(e.target.value)} aria-label="Held at" style={{ width: 210 }} />
                <textarea className="input" rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} placeholder="Notes: what moved, who does what" aria-label="Huddle notes" style={{ flex: 1, height: "auto", minWidth: 240 }} />
                <button type="button" className="btn btn-secondary btn-sm" onClick={handleRecord} disabled={busy || !notes.trim()}>Record huddle</button>
              </div>}
            </div>
          </div>
        )}
    </div>
  );
}
