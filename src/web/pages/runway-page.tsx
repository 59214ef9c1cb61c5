// /partners/:orgId/runway: a newly onboarded partner's runway — the co-sell play (talk track, qualifying questions),
// up to ten target accounts, four weekly 15-minute huddles (download as .ics) and the shared note format — created
// once, edited in place, with the partner's first-win status alongside.
import { useEffect, useMemo, useState } from "react";
import { ApiError, request } from "../api-client.ts";
import { useIsPartner } from "../auth.tsx";
import { Alert, EmptyState, ErrorState, LoadingBlock } from "../components/ui.tsx";
import { formatDate, formatDateTime } from "../format.ts";
import { Link } from "../router.tsx";
import { useApi } from "../use-api.ts";

interface Runway {
  orgId: string; partner: { id: string; name: string; onboardedOn: string | null }; ours: string;
  play: { talkTrack: string; questions: string[] };
  targetAccounts: Array<{ orgId: string; name: string; domains: string[] }>;
  huddles: { weekday: string; time: string; timeZone: string; minutes: number; count: number; from: string; fromOnboarding: boolean; starts: string[] };
  noteTemplate: string; createdAt: string; updatedAt: string;
}
interface FirstWin {
  defined: boolean; sentence: string | null; status: "on_track" | "at_risk" | "missed" | "achieved" | null; achievedAt: string | null;
  clock: { startsOn: string | null; deadline: string | null; daysLeft: number | null; onboardedKnown: boolean };
  progress: { have: number; need: number } | null; evidence: Array<{ conversationId: string; title: string; startedAt: string; url: string }>;
}
interface Org { id: string; name: string; side: string }

const WEEKDAYS: Array<[string, string]> = [["MO", "Monday"], ["TU", "Tuesday"], ["WE", "Wednesday"], ["TH", "Thursday"], ["FR", "Friday"], ["SA", "Saturday"], ["SU", "Sunday"]];
const WEEKDAY_NAME = Object.fromEntries(WEEKDAYS);
const MAX_TARGETS = 10;
const STATUS: Record<NonNullable<FirstWin["status"]>, { label: string; tone: string }> = {
  on_track: { label: "On track", tone: "badge-info" }, at_risk: { label: "At risk", tone: "badge-warn" }, missed: { label: "Missed", tone: "badge-bad" }, achieved: { label: "Achieved", tone: "badge-good" },
};
const enc = encodeURIComponent;
/** `.input` is a one-line control (fixed height): a textarea grows with its rows. */
const area = (rows: number, extra: Record<string, string | number> = {}) => ({ width: "100%", height: "auto", minHeight: rows * 22, padding: "8px 12px", lineHeight: 1.45, resize: "vertical" as const, ...extra });

/** 404 means "no runway yet", not an error. */
async function loadRunway(orgId: string, signal: AbortSignal): Promise<Runway | null> {
  try {
    return (await request<{ runway: Runway }>("GET", `/api/partners/${enc(orgId)}/runway`, undefined, { signal })).runway;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404 && /Runway/i.test(e.message)) return null;
    throw e;
  }
}

export function RunwayPage({ orgId }: { orgId: string }) {
  // Partner users read their own organisation's runway; our side creates and edits it.
  const isReadOnly = useIsPartner();
  const runway = useApi((signal) => loadRunway(orgId, signal), [orgId]);
  const firstWin = useApi((signal) => request<{ firstWin: FirstWin }>("GET", `/api/partners/${enc(orgId)}/first-win`, undefined, { signal }).then((r) => r.firstWin), [orgId]);
  const [isCreating, setIsCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const r = runway.data;
  useEffect(() => { document.title = `${r ? `${r.partner.name} runway` : "Partner runway"} · Baton`; }, [r]);

  const handleCreate = async () => {
    setIsCreating(true); setError(null);
    try {
      await request("POST", `/api/partners/${enc(orgId)}/runway`, {});
      runway.reload();
    } catch (e) { setError(e instanceof Error ? e.message : String(e)); } finally { setIsCreating(false); }
  };

  return (
    <div className="page">
      <nav className="small muted" style={{ marginBottom: 8 }} aria-label="Breadcrumb">
        {isReadOnly ? <><Link to="/deals">Shared deals</Link> / Runway</> : <><Link to="/partners">Partners</Link> / <Link to={`/partners/activation?partner=${enc(orgId)}`}>Activation</Link> / Runway</>}
      </nav>
      <div className="page-header">
        <div>
          <h1 className="page-title">{r ? `${r.partner.name} runway` : "Partner runway"}</h1>
          <p className="page-sub">The first four weeks with a new partner: one co-sell play, up to ten target accounts, a 15-minute huddle every week and one note format for both teams.</p>
        </div>
        {r && <a className="btn btn-secondary btn-sm" href={`/api/partners/${enc(orgId)}/runway/huddles.ics`} download data-testid="runway-ics">Download huddles (.ics)</a>}
      </div>
      {error && <Alert onClose={() => setError(null)}>{error}</Alert>}
      <div style={{ display: "grid", gridTemplateColumns: "minmax(0, 1fr) 300px", gap: 16, alignItems: "start" }}>
        <div>
          {runway.state === "loading" && !r ? <div className="card card-pad"><LoadingBlock label="Loading the runway…" rows={6} /></div>
            : runway.state === "error" && !r ? <div className="card card-pad"><ErrorState error={runway.error} title="Could not load the runway" onRetry={runway.reload} /></div>
            : !r && isReadOnly ? (
              <div className="card card-pad">
                <EmptyState title="No runway yet"><p>Our side sets up the runway for your first weeks together: the co-sell play, target accounts, weekly huddles and the shared note format. It appears here once it exists.</p></EmptyState>
              </div>
            ) : !r ? (
              <div className="card card-pad">
                <EmptyState title="No runway yet" action={<button type="button" className="btn btn-primary" onClick={handleCreate} disabled={isCreating} data-testid="runway-create">{isCreating ? "Creating…" : "Create the runway"}</button>}>
                  <p>Baton fills in a talk track, qualifying questions, target accounts (buyers this partner already works with), four weekly huddles from the onboarding date and a shared note format. Everything can be edited afterwards.</p>
                </EmptyState>
              </div>
            ) : <RunwayEditor key={r.updatedAt} runway={r} onSaved={runway.reload} isReadOnly={isReadOnly} />}
        </div>
        <FirstWinCard isReadOnly={isReadOnly} orgId={orgId} data={firstWin.data} isLoading={firstWin.state === "loading" && !firstWin.data} error={firstWin.state === "error" ? firstWin.error : null} />
      </div>
    </div>
  );
}

function FirstWinCard({ orgId, data: fw, isLoading, error, isReadOnly }: { orgId: string; data: FirstWin | null; isLoading: boolean; error: ApiError | null; isReadOnly: boolean }) {
  return (
    <aside className="card card-pad" aria-labelledby="runway-fw" data-testid="runway-first-win">
      <h2 id="runway-fw" className="section-title" style={{ marginTop: 0 }}>First win</h2>
      {isLoading ? <LoadingBlock rows={3} /> : error && !fw ? <p className="small" style={{ color: "var(--bad)" }}>{error.message}</p> : fw && (
        <>
          <div style={{ display: "flex", alignItems: "center", gap: 8, marginBottom: 6 }}>
            {fw.status ? <span className={`badge ${STATUS[fw.status].tone}`}>{STATUS[fw.status].label}</span> : <span className="badge badge-outline">Not defined</span>}
            {fw.progress && <span className="small tabular">{fw.progress.have}/{fw.progress.need}</span>}
          </div>
          {fw.sentence ? <p style={{ margin: "0 0 8px" }}>{fw.sentence}</p> : <p className="small muted">{isReadOnly ? "Our side has not set the first win yet." : "Say in one sentence what counts as this partner's first win."}</p>}
          <p className="small muted" style={{ margin: 0 }}>
            {fw.clock.startsOn ? `30-day clock: ${formatDate(fw.clock.startsOn)} → ${formatDate(fw.clock.deadline)}${fw.status === "achieved" ? "" : fw.clock.daysLeft ? `, ${fw.clock.daysLeft} days left` : ", ended"}` : "No onboarding date: the 30-day clock has not started."}
          </p>
          {fw.achievedAt && fw.status === "achieved" && <p className="small" style={{ margin: "6px 0 0" }}>Achieved {formatDate(fw.achievedAt)}</p>}
          {fw.evidence.length > 0 && (
            <ul className="small" style={{ margin: "8px 0 0", paddingLeft: 18 }}>
              {fw.evidence.map((e) => <li key={e.conversationId}><Link to={e.url}>{e.title}</Link> · {formatDate(e.startedAt)}</li>)}
            </ul>
          )}
          {!isReadOnly && <Link className="btn btn-ghost btn-sm" style={{ marginTop: 10 }} to={`/partners/activation?partner=${enc(orgId)}`}>{fw.defined ? "Change the first win" : "Define the first win"}</Link>}
        </>
      )}
    </aside>
  );
}

function RunwayEditor({ runway: r, onSaved, isReadOnly }: { runway: Runway; onSaved: () => void; isReadOnly: boolean }) {
  const [isEditing, setIsEditing] = useState(false);
  const [talkTrack, setTalkTrack] = useState(r.play.talkTrack);
  const [questions, setQuestions] = useState(r.play.questions.join("\n"));
  const [targets, setTargets] = useState(r.targetAccounts.map((t) => ({ id: t.orgId, name: t.name })));
  const [weekday, setWeekday] = useState(r.huddles.weekday);
  const [time, setTime] = useState(r.huddles.time);
  const [note, setNote] = useState(r.noteTemplate);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const [isCopied, setIsCopied] = useState(false);
  const buyers = useApi((signal) => (isEditing ? request<{ orgs: Org[] }>("GET", "/api/orgs", undefined, { signal }).then((x) => x.orgs.filter((o) => o.side === "buyer")) : Promise.resolve(null)), [isEditing]);
  const addable = useMemo(() => (buyers.data ?? []).filter((o) => !targets.some((t) => t.id === o.id)).sort((a, b) => a.name.localeCompare(b.name)), [buyers.data, targets]);

  const handleSave = async () => {
    setIsSaving(true); setError(null);
    try {
      await request("PATCH", `/api/partners/${enc(r.orgId)}/runway`, {
        talkTrack, questions: questions.split("\n").map((q) => q.trim()).filter(Boolean), targetAccounts: targets.map((t) => t.id),
        noteTemplate: note, huddle: { weekday, time },
      });
      setIsEditing(false);
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message}${e.details.length ? `: ${e.details.map((d) => `${d.field ?? d.path ?? ""} ${d.message}`).join("; ")}` : ""}` : String(e));
    } finally { setIsSaving(false); }
  };
  const handleCopy = async () => {
    await navigator.clipboard?.writeText(r.noteTemplate);
    setIsCopied(true);
    setTimeout(() => setIsCopied(false), 1500);
  };

  return (
    <div data-testid="runway">
      <div style={{ display: "flex", alignItems: "center", gap: 8, marginBottom: 12 }}>
        <span className="small muted">Updated {formatDateTime(r.updatedAt)}</span>
        <span style={{ flex: 1 }} />
        {isEditing ? (
          <>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setIsEditing(false)} disabled={isSaving}>Cancel</button>
            <button type="button" className="btn btn-primary btn-sm" onClick={handleSave} disabled={isSaving || !talkTrack.trim() || !questions.trim() || !note.trim()} data-testid="runway-save">{isSaving ? "Saving…" : "Save changes"}</button>
          </>
        ) : !isReadOnly && <button type="button" className="btn btn-secondary btn-sm" onClick={() => setIsEditing(true)} data-testid="runway-edit">Edit runway</button>}
      </div>
      {error && <Alert onClose={() => setError(null)}>{error}</Alert>}

      <section className="card card-pad" aria-labelledby="rw-play" style={{ marginBottom: 16 }}>
        <h2 id="rw-play" className="section-title" style={{ marginTop: 0 }}>Co-sell play</h2>
        <h3 className="small muted" style={{ margin: "8px 0 4px" }}>Talk track</h3>
        {isEditing ? <textarea className="input" rows={5} style={area(5)} value={talkTrack} onChange={(e) => setTalkTrack(e.target.value)} aria-label="Talk track" />
          : <div style={{ whiteSpace: "pre-wrap" }} data-testid="runway-talk-track">{r.play.talkTrack}</div>}
        <h3 className="small muted" style={{ margin: "12px 0 4px" }}>Qualifying questions</h3>
        {isEditing ? <textarea className="input" rows={6} style={area(6)} value={questions} onChange={(e) => setQuestions(e.target.value)} aria-label="Qualifying questions, one per line" />
          : <ol style={{ margin: 0, paddingLeft: 20 }} data-testid="runway-questions">{r.play.questions.map((q, i) => <li key={i}>{q}</li>)}</ol>}
      </section>

      <section className="card card-pad" aria-labelledby="rw-targets" style={{ marginBottom: 16 }} data-testid="runway-targets">
        <h2 id="rw-targets" className="section-title" style={{ marginTop: 0 }}>Target accounts <span className="muted small">({(isEditing ? targets : r.targetAccounts).length}/{MAX_TARGETS})</span></h2>
        {(isEditing ? targets.length : r.targetAccounts.length) === 0 && <p className="small muted">No target accounts yet.</p>}
        <ul style={{ listStyle: "none", padding: 0, margin: 0, display: "flex", flexWrap: "wrap", gap: 6 }}>
          {isEditing ? targets.map((t) => (
            <li key={t.id} className="badge badge-outline" style={{ gap: 4 }}>{t.name}
              <button type="button" className="link-button" aria-label={`Remove ${t.name}`} onClick={() => setTargets(targets.filter((x) => x.id !== t.id))}>×</button>
            </li>
          )) : r.targetAccounts.map((t) => <li key={t.orgId} className="badge badge-outline" title={t.domains.join(", ")}>{t.name}</li>)}
        </ul>
        {isEditing && (
          <div style={{ marginTop: 8 }}>
            {buyers.state === "error" ? <p className="small muted">The buyer list is not available to you ({buyers.error.message}).</p> : (
              <select className="input input-sm" value="" aria-label="Add a target account" style={{ maxWidth: 320 }} disabled={targets.length >= MAX_TARGETS || !addable.length}
                onChange={(e) => { const o = addable.find((x) => x.id === e.target.value); if (o) setTargets([...targets, { id: o.id, name: o.name }]); }}>
                <option value="">{targets.length >= MAX_TARGETS ? `At most ${MAX_TARGETS} accounts` : "Add a buyer organisation…"}</option>
                {addable.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
              </select>
            )}
          </div>
        )}
      </section>

      <section className="card card-pad" aria-labelledby="rw-huddles" style={{ marginBottom: 16 }} data-testid="runway-huddles">
        <h2 id="rw-huddles" className="section-title" style={{ marginTop: 0 }}>Weekly huddles</h2>
        <p className="small muted" style={{ marginTop: 0 }}>
          {r.huddles.count} × {r.huddles.minutes} minutes, {WEEKDAY_NAME[r.huddles.weekday] ?? r.huddles.weekday}s at {r.huddles.time} ({r.huddles.timeZone}), from {formatDate(r.huddles.from)}{r.huddles.fromOnboarding ? " (onboarding)" : ""}.
        </p>
        {isEditing && (
          <div style={{ display: "flex", gap: 8, alignItems: "center", marginBottom: 8 }}>
            <select className="input input-sm" value={weekday} onChange={(e) => setWeekday(e.target.value)} aria-label="Huddle weekday" style={{ width: 160 }}>
              {WEEKDAYS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
            </select>
            <input className="input input-sm" type="time" value={time} onChange={(e) => setTime(e.target.value)} aria-label="Huddle time" style={{ width: 110 }} />
            <span className="small muted">The dates below move once you save.</span>
          </div>
        )}
        <ol style={{ margin: 0, paddingLeft: 20 }}>
          {r.huddles.starts.map((s) => <li key={s} className="tabular">{formatDateTime(s, r.huddles.timeZone)}</li>)}
        </ol>
      </section>

      <section className="card card-pad" aria-labelledby="rw-note" data-testid="runway-note">
        <div style={{ display: "flex", alignItems: "center" }}>
          <h2 id="rw-note" className="section-title" style={{ margin: 0 }}>Shared note format</h2>
          <span style={{ flex: 1 }} />
          {!isEditing && <button type="button" className="btn btn-ghost btn-sm" onClick={handleCopy}>{isCopied ? "Copied" : "Copy"}</button>}
        </div>
        {isEditing ? <textarea className="input" rows={14} style={area(14, { fontFamily: "var(--font-mono, monospace)", marginTop: 8, fontSize: "var(--fs-sm)" })} value={note} onChange={(e) => setNote(e.target.value)} aria-label="Shared note format" />
          : <pre style={{ whiteSpace: "pre-wrap", background: "var(--n-50)", borderRadius: 6, padding: 12, margin: "8px 0 0", fontSize: "var(--fs-sm)" }}>{r.noteTemplate}</pre>}
      </section>
    </div>
  );
}
