// The time-to-first-action alert of an intro. Ours: the clock, owner and backup, escalations and the brief's
// notes. The partner: a gentle "your intro is with <owner>" and nothing internal. No buyer version. Pure.
import { AppError } from "../../../shared/errors.ts";
import { absoluteUrl, type DeliveryAudience, type DeliveryDoc, type Rendering } from "./doc.ts";
import { renderDocEmail } from "./email.ts";
import { renderDocSlack } from "./slack.ts";

export interface SlaInput {
  deal: { id: string; name: string };
  workspaceName: string;
  partnerName: string | null;
  buyerName: string | null;
  introducedBy: string | null;
  receivedAt: string;
  owner: string | null;
  backup: string | null;
  clock: { elapsedMs: number; targetMs: number; status: string };
  firstActionAt: string | null;
  escalations: Array<{ level: number; at: string; delivery: string; note: string | null }>;
  /** The brief's fields as our side keeps them (extracted or edited): internal notes. */
  notes: Array<{ label: string; value: string }>;
}

const hours = (ms: number) => `${Math.round((ms / 3600_000) * 10) / 10} business hours`;

export function slaDoc(s: SlaInput, audience: DeliveryAudience, baseUrl?: string): DeliveryDoc {
  if (audience === "buyer") throw new AppError("INVALID_INPUT", "The intro alert is for our side and the partner, not the buyer", { details: [{ field: "audience", message: "ours or partner" }] });
  const who = s.buyerName ?? s.deal.name;
  if (audience === "partner") {
    return {
      title: `Your intro: ${who}`,
      intro: `Thank you for introducing ${who}. It is with ${s.owner ?? `the ${s.workspaceName} team`}${s.firstActionAt ? ", who has already followed up" : ", who will be in touch shortly"}.`,
      sections: [],
      context: `Sent by ${s.workspaceName} through Baton`,
    };
  }
  const late = s.clock.status === "breached" || s.clock.status === "at_risk";
  return {
    title: `${late ? "Intro waiting for a first action" : "Intro status"}: ${s.deal.name}${s.partnerName ? ` (from ${s.partnerName})` : ""}`,
    intro: `${hours(s.clock.elapsedMs)} of a ${hours(s.clock.targetMs)} target (${s.clock.status.replace(/_/g, " ")})${s.firstActionAt ? `, first action ${s.firstActionAt.slice(0, 16).replace("T", " ")} UTC` : ", no first action yet"}.`,
    sections: [
      { title: "People", lines: [`Owner: ${s.owner ?? "nobody"}`, `Backup: ${s.backup ?? "nobody"}`, ...(s.introducedBy ? [`Introduced by: ${s.introducedBy}${s.partnerName ? ` (${s.partnerName})` : ""}`] : [])] },
      { title: "From the brief", lines: s.notes.map((n) => `${n.label}: ${n.value}`) },
      { title: "Escalations", lines: s.escalations.map((e) => `Level ${e.level} at ${e.at.slice(0, 16).replace("T", " ")} UTC: ${e.delivery}${e.note ? ` (${e.note})` : ""}`) },
    ],
    context: `Intro received ${s.receivedAt.slice(0, 16).replace("T", " ")} UTC`,
    link: { label: "Open the deal", url: absoluteUrl(baseUrl, `/deals/${encodeURIComponent(s.deal.id)}`) },
  };
}

export function renderSla(s: SlaInput, audience: DeliveryAudience, baseUrl?: string): Rendering {
  const doc = slaDoc(s, audience, baseUrl);
  return { doc, email: renderDocEmail(doc), slack: renderDocSlack(doc) };
}
