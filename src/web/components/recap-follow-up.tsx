// The buyer follow-up email built from an agreed (or sent) recap, in the call's language: to, cc, subject and
// text as Baton would send them, with Copy buttons for pasting into one's own mail client.
import { useEffect, useState } from "react";
import { request } from "../api-client.ts";
import { useApi } from "../use-api.ts";
import { MailIcon } from "./icons.tsx";
import { ErrorState, LoadingBlock } from "./ui.tsx";

export interface FollowUp { to: string[]; cc: string[]; language: string; subject: string; text: string; html: string; version: number; isAgreed: boolean }

const fetchFollowUp = (recapId: string, signal?: AbortSignal) =>
  request<{ followUp: FollowUp }>("GET", `/api/recaps/${encodeURIComponent(recapId)}/follow-up`, undefined, { signal });

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (insecure origin, denied permission): fall back to a hidden textarea.
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    try { return document.execCommand("copy"); } catch { return false; } finally { ta.remove(); }
  }
}

/** `version` and `status` are only reload keys: the draft follows the recap's current version. */
export function RecapFollowUp({ recapId, version, status }: { recapId: string; version: number; status: string }) {
  const loaded = useApi((signal) => fetchFollowUp(recapId, signal), [recapId, version, status]);
  const [copied, setCopied] = useState<"subject" | "text" | "failed" | null>(null);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(null), 2000);
    return () => clearTimeout(t);
  }, [copied]);
  const handleCopy = async (what: "subject" | "text", value: string) => setCopied((await copyText(value)) ? what : "failed");

  const f = loaded.data?.followUp;
  return (
    <div className="recap-follow-up" data-testid="recap-follow-up" style={{ borderTop: "1px solid var(--n-100)", padding: "var(--sp-3) var(--sp-4) var(--sp-4)" }}>
      <div style={{ display: "flex", alignItems: "center", gap: "var(--sp-2)", marginBottom: "var(--sp-2)" }}>
        <span className="section-title" style={{ fontSize: "var(--fs-sm)" }}><MailIcon size={15} /> Follow-up to the buyer</span>
        {f && <span className="muted small">Version {f.version} · {f.language.toUpperCase()}</span>}
        <div style={{ flex: 1 }} />
        {copied === "failed" && <span className="small" style={{ color: "var(--bad)" }} role="status">Could not copy: select the text instead</span>}
        {f && (
          <>
            <button type="button" className="btn btn-ghost btn-xs" onClick={() => void handleCopy("subject", f.subject)} data-testid="follow-up-copy-subject">
              {copied === "subject" ? "Subject copied" : "Copy subject"}
            </button>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => void handleCopy("text", f.text)} data-testid="follow-up-copy">
              {copied === "text" ? "Copied" : "Copy"}
            </button>
          </>
        )}
      </div>
      {loaded.state === "loading" && !f ? <LoadingBlock label="Writing the follow-up…" rows={3} />
        : loaded.state === "error" && !f ? <ErrorState error={loaded.error} title="Could not build the follow-up" onRetry={loaded.reload} />
        : f ? (
          <div className="card" style={{ boxShadow: "none", overflow: "hidden" }}>
            <dl className="small" style={{ display: "grid", gridTemplateColumns: "max-content 1fr", gap: "4px 12px", margin: 0, padding: "var(--sp-3)", background: "var(--n-25)", borderBottom: "1px solid var(--n-100)" }}>
              <dt className="muted">To</dt><dd style={{ margin: 0, wordBreak: "break-word" }} data-testid="follow-up-to">{f.to.length ? f.to.join(", ") : <span className="muted">No buyer participant with an email — add one on the deal</span>}</dd>
              {f.cc.length > 0 && <><dt className="muted">Cc</dt><dd style={{ margin: 0, wordBreak: "break-word" }} data-testid="follow-up-cc">{f.cc.join(", ")}</dd></>}
              <dt className="muted">Subject</dt><dd style={{ margin: 0, fontWeight: 600 }} data-testid="follow-up-subject">{f.subject}</dd>
            </dl>
            <pre data-testid="follow-up-text" style={{ margin: 0, padding: "var(--sp-3)", whiteSpace: "pre-wrap", wordBreak: "break-word", fontFamily: "inherit", fontSize: "var(--fs-sm)", lineHeight: 1.5, maxHeight: 360, overflowY: "auto" }}>{f.text}</pre>
          </div>
        ) : null}
    </div>
  );
}
