// The pre-call brief for one selling side. For the partner every line resting on internal evidence is dropped
// (internal utterances, internal items, internal conversations); the buyer never gets a brief. Pure.
import { briefTitle, renderBriefEmail, type Brief, type BriefEvidence } from "../../briefs/index.ts";
import { AppError } from "../../../shared/errors.ts";
import { isInternalAt, type InternalIndex } from "../redact.ts";
import { absoluteUrl, type DeliveryAudience, type DeliveryDoc, type Rendering } from "./doc.ts";
import { renderDocSlack } from "./slack.ts";

const shared = (idx: InternalIndex) => (e: BriefEvidence) => !isInternalAt(idx, e.conversationId, e.seq);

/** The brief without anything internal: a line goes when any of its evidence is internal; topics keep only shared evidence. */
export function briefForPartner(b: Brief, idx: InternalIndex): Brief {
  const ok = shared(idx);
  return {
    ...b,
    perspective: "partner",
    sections: b.sections.map((s) => ({ ...s, lines: s.lines.filter((l) => l.evidence.every(ok)) })),
    topicLeads: b.topicLeads.map((t) => ({ ...t, evidence: t.evidence.filter(ok) })).filter((t) => t.evidence.length > 0),
  };
}

export function briefDoc(b: Brief, audience: DeliveryAudience, baseUrl?: string): DeliveryDoc {
  return {
    title: briefTitle(b),
    intro: `Prepared for ${audience === "ours" ? "our side" : "the partner"} from the shared record, as of ${b.asOf.slice(0, 10)}.`,
    sections: [
      ...b.sections.map((s) => ({ title: s.title, lines: s.lines.map((l) => l.text) })),
      ...(b.topicLeads.length ? [{ title: "Who leads which topic", lines: b.topicLeads.map((t) => `${t.label}: ${t.name ?? "nobody yet"}${t.isSet ? "" : " (suggested)"}`) }] : []),
    ],
    link: { label: "Open the deal in Baton", url: absoluteUrl(baseUrl, `/deals/${encodeURIComponent(b.deal.id)}`) },
  };
}

export function renderBrief(b: Brief, audience: DeliveryAudience, idx: InternalIndex, baseUrl?: string): Rendering {
  if (audience === "buyer") throw new AppError("INVALID_INPUT", "The pre-call brief is for the selling sides (ours, partner), not the buyer", { details: [{ field: "audience", message: "ours or partner" }] });
  const brief = audience === "partner" ? briefForPartner(b, idx) : b;
  const doc = briefDoc(brief, audience, baseUrl);
  return { doc, email: renderBriefEmail(brief), slack: renderDocSlack(doc) };
}
