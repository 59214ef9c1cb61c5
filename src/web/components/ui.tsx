// Shared UI pieces: side chips, avatars, stage badges, loading / error / empty states.
import type { ReactNode } from "react";
import type { ApiError } from "../api-client.ts";
import { formatMotion, initials, SIDE_LABEL, titleCase } from "../format.ts";
import type { Side } from "../types.ts";
import { AlertIcon, RefreshIcon } from "./icons.tsx";

export const sideClass = (side: Side | null | undefined): string => (side ? `side-${side}` : "side-unknown");

export function SideChip({ side, name, label, title }: { side: Side | null | undefined; name?: string | null; label?: string | null; title?: string }) {
  const text = name || label || "Unknown speaker";
  const tip = title ?? (side ? `${text} · ${SIDE_LABEL[side]}` : `${label ?? text} · not matched to a person`);
  return (
    <span className={`chip ${sideClass(side)}`} title={tip}>
      <span className="chip-dot" aria-hidden="true" />
      {text}
    </span>
  );
}

export function SideTag({ side }: { side: Side | null | undefined }) {
  return <span className={`side-tag ${sideClass(side)}`}>{side ? SIDE_LABEL[side] : "Unmatched"}</span>;
}

export function Avatar({ name, side, size = "md" }: { name: string | null | undefined; side?: Side | null; size?: "sm" | "md" }) {
  return <span className={`avatar avatar-${size} ${sideClass(side)}`} aria-hidden="true">{initials(name)}</span>;
}

const STAGE_TONE: Record<string, string> = {
  intro: "neutral", prospecting: "neutral", discovery: "info", qualification: "info", qualified: "info", evaluation: "info",
  demo: "info", "technical-validation": "info", poc: "info", pilot: "info", proposal: "warn", negotiation: "warn",
  "commit": "warn", "closed-won": "good", won: "good", "closed-lost": "bad", lost: "bad",
};
export function StageBadge({ stage }: { stage: string | null | undefined }) {
  const key = (stage ?? "").toLowerCase().replace(/\s+/g, "-");
  return <span className={`badge badge-${STAGE_TONE[key] ?? "neutral"}`}>{titleCase(stage)}</span>;
}

export function MotionBadge({ motion }: { motion: string | null | undefined }) {
  return <span className="badge badge-outline">{formatMotion(motion)}</span>;
}

export function Spinner({ label = "Loading…" }: { label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}

export function LoadingBlock({ label = "Loading…", rows = 4 }: { label?: string; rows?: number }) {
  return (
    <div className="loading-block" aria-busy="true" aria-live="polite">
      <div className="loading-label"><Spinner label={label} /> {label}</div>
      {Array.from({ length: rows }, (_, i) => <div key={i} className="skeleton" style={{ width: `${92 - i * 9}%` }} />)}
    </div>
  );
}

export function ErrorState({ error, title = "Something went wrong", onRetry, action }: {
  error: ApiError | Error; title?: string; onRetry?: () => void; action?: ReactNode;
}) {
  const details = "details" in error ? error.details : [];
  const notFound = "status" in error && error.status === 404;
  return (
    <div className="state state-error" role="alert">
      <div className="state-icon"><AlertIcon size={22} /></div>
      <h3>{title}</h3>
      <p>{notFound ? "It may have been removed, or the link is incomplete." : error.message}</p>
      {details.length > 0 && <ErrorDetails details={details} />}
      {onRetry && !notFound && <button type="button" className="btn btn-secondary" onClick={onRetry}><RefreshIcon /> Try again</button>}
      {action && <div className="state-action">{action}</div>}
    </div>
  );
}

export function ErrorDetails({ details }: { details: ApiError["details"] }) {
  return (
    <ul className="error-details">
      {details.map((d, i) => {
        const loc = d.path ?? d.file;
        const field = d.field && !(loc ?? "").includes(d.field) && !d.message.toLowerCase().startsWith(d.field.toLowerCase()) ? d.field : null;
        const where = [loc, d.line && !(loc ?? "").includes(`:${d.line}`) ? `line ${d.line}` : null, field].filter(Boolean).join(" · ");
        return <li key={i}>{where && <code>{where}</code>} {d.message}</li>;
      })}
    </ul>
  );
}

export function Alert({ tone = "error", children, onClose }: { tone?: "error" | "success" | "info"; children: ReactNode; onClose?: () => void }) {
  return (
    <div className={`alert alert-${tone}`} role={tone === "error" ? "alert" : "status"}>
      <div className="alert-body">{children}</div>
      {onClose && <button type="button" className="alert-close" aria-label="Dismiss" onClick={onClose}>×</button>}
    </div>
  );
}

export function EmptyState({ icon, title, children, action }: { icon?: ReactNode; title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="state state-empty">
      {icon && <div className="state-icon">{icon}</div>}
      <h3>{title}</h3>
      {children && <div className="state-text">{children}</div>}
      {action && <div className="state-action">{action}</div>}
    </div>
  );
}
