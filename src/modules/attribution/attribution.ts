// Partner attribution rules: who introduced the deal, when the three sides first met,
// where the partner took part, which objections the partner answered, and whether the
// deal is partner-sourced, partner-influenced or neither, with the reasons and a dated
// trail a person can check. Pure, no I/O.
import type { Side } from "../../shared/sides.ts";
import type { AttributionRules } from "./attribution.schemas.ts";
import { DEFAULT_ATTRIBUTION_RULES } from "./attribution.schemas.ts";

export interface AttributionConversation {
  file: string;
  kind: "call" | "email" | "notes";
  startedAt: string;
  /** Calls: who attended; emails: the sides of sender and recipients. */
  sidesPresent: Side[];
  speakingSides: Side[];
  partnerTalkMs: number;
  totalTalkMs: number;
  partnerQuestions: number;
  participants: Array<{ personId: string | null; name: string; side: Side | null }>;
}

export interface AttributionInput {
  intro: { introducedBy: string | null; introducedOn: string | null; fromSide: Side | null; at: string | null } | null;
  conversations: AttributionConversation[];
  objections: Array<{ ref: string; resolvedBySide: Side | null; resolvedBy: string | null }>;
  stakeholders: Array<{ name: string; firstConversationFile: string; broughtBySide: Side | null }>;
  commitments: Array<{ ref: string; side: Side | null; status: "open" | "done" | "overdue" | "dropped"; due: string | null; doneOn: string | null }>;
  /** ISO: the earliest contact of ours with the buyer that did not come through the partner. */
  firstContactOfOursWithBuyer: string | null;
  rules?: Partial<AttributionRules>;
}

export type AttributionClass = "sourced" | "influenced" | "none";

export interface TrailEvent {
  kind: "intro" | "our_first_contact" | "joint_conversation" | "partner_present" | "partner_resolved_objection" | "partner_brought_stakeholder" | "partner_kept_commitment";
  at: string | null;
  text: string;
  ref: string | null;
}

export interface Attribution {
  introducedBy: string | null;
  introducedOn: string | null;
  firstJointConversation: string | null;
  partnerPresent: string[];
  partnerResolvedObjections: string[];
  classification: AttributionClass;
  confidence: number;
  reasons: string[];
  trail: TrailEvent[];
}

const time = (iso: string | null | undefined): number => {
  if (!iso) return NaN;
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
};

function byStart(a: AttributionConversation, b: AttributionConversation): number {
  const d = (time(a.startedAt) || 0) - (time(b.startedAt) || 0);
  return d !== 0 ? d : a.file.localeCompare(b.file);
}

/** The sides that count as taking part: on calls the speakers (or attendees, per rules); on email everyone addressed. */
function getTakingPart(c: AttributionConversation, rules: AttributionRules): Side[] {
  if (c.kind === "email") return c.sidesPresent;
  return rules.callPresence === "speaking" ? c.speakingSides : [...new Set([...c.sidesPresent, ...c.speakingSides])];
}

function isPartnerPresent(c: AttributionConversation, rules: AttributionRules): boolean {
  if (!getTakingPart(c, rules).includes("partner")) return false;
  if (c.kind === "email" || rules.minPartnerTalkShare <= 0 || c.totalTalkMs <= 0) return true;
  return c.partnerTalkMs / c.totalTalkMs >= rules.minPartnerTalkShare;
}

const fileOfRef = (ref: string) => ref.split("#")[0];

export function computeAttribution(input: AttributionInput): Attribution {
  const rules: AttributionRules = { ...DEFAULT_ATTRIBUTION_RULES, ...input.rules,
    influence: { ...DEFAULT_ATTRIBUTION_RULES.influence, ...input.rules?.influence } };
  const conversations = [...input.conversations].sort(byStart);
  const startOf = new Map(conversations.map((c) => [c.file, c.startedAt]));
  const reasons: string[] = [];
  const trail: TrailEvent[] = [];

  const intro = input.intro;
  const introAt = intro ? (intro.at ?? intro.introducedOn) : null;
  const isPartnerIntro = !!intro && (intro.fromSide === "partner" || (intro.fromSide === null && !!intro.introducedBy));
  if (intro && isPartnerIntro) {
    trail.push({ kind: "intro", at: introAt, text: `${intro.introducedBy ?? "The partner"} introduced the buyer`, ref: "intro" });
  }
  if (input.firstContactOfOursWithBuyer) {
    trail.push({ kind: "our_first_contact", at: input.firstContactOfOursWithBuyer, text: "Our first direct contact with the buyer", ref: null });
  }

  const joint = conversations.find((c) => rules.jointSides.every((s) => getTakingPart(c, rules).includes(s))) ?? null;
  if (joint) trail.push({ kind: "joint_conversation", at: joint.startedAt, text: `First conversation with all of ${rules.jointSides.join(", ")}`, ref: joint.file });

  const present = conversations.filter((c) => isPartnerPresent(c, rules));
  for (const c of present) {
    const talk = c.kind !== "email" && c.totalTalkMs > 0 ? ` (${Math.round((100 * c.partnerTalkMs) / c.totalTalkMs)}% of talk time, ${c.partnerQuestions} questions)` : "";
    trail.push({ kind: "partner_present", at: c.startedAt, text: `Partner took part in ${c.kind} ${c.file}${talk}`, ref: c.file });
  }

  const resolved = input.objections.filter((o) => o.resolvedBySide === "partner");
  for (const o of resolved) {
    trail.push({ kind: "partner_resolved_objection", at: startOf.get(fileOfRef(o.ref)) ?? null, text: `${o.resolvedBy ?? "The partner"} answered objection ${o.ref}`, ref: o.ref });
  }
  const brought = input.stakeholders.filter((s) => s.broughtBySide === "partner");
  for (const s of brought) {
    trail.push({ kind: "partner_brought_stakeholder", at: startOf.get(s.firstConversationFile) ?? null, text: `Partner brought in ${s.name}`, ref: s.firstConversationFile });
  }
  const kept = input.commitments.filter((c) => c.side === "partner" && c.status === "done");
  for (const c of kept) trail.push({ kind: "partner_kept_commitment", at: c.doneOn, text: `Partner delivered ${c.ref}`, ref: c.ref });

  // Sourced: the partner's intro came first.
  let classification: AttributionClass = "none";
  let confidence = 0.5;
  const ourFirst = time(input.firstContactOfOursWithBuyer);
  const introTime = time(introAt);
  if (isPartnerIntro) {
    const hasOurContact = Number.isFinite(ourFirst);
    const introFirst = !hasOurContact || (Number.isFinite(introTime) && introTime <= ourFirst);
    const windowDays = rules.sourcedWindowDays;
    const isStale = windowDays !== null && hasOurContact && Number.isFinite(introTime) && ourFirst - introTime > windowDays * 86_400_000;
    if (!rules.requireIntroBeforeOurContact || (introFirst && !isStale)) {
      classification = "sourced";
      confidence = hasOurContact && Number.isFinite(introTime) ? 0.9 : 0.75;
      if (intro!.fromSide === null) confidence -= 0.15;
      reasons.push(hasOurContact
        ? `${intro!.introducedBy ?? "The partner"}'s intro (${introAt}) came before our first contact with the buyer (${input.firstContactOfOursWithBuyer})`
        : `${intro!.introducedBy ?? "The partner"} introduced the buyer (${introAt ?? "date unknown"}) and we have no earlier contact of ours on record`);
    } else if (isStale) {
      reasons.push(`The partner's intro is more than ${windowDays} days older than our first contact: not counted as sourcing`);
    } else {
      reasons.push(`We were in contact with the buyer (${input.firstContactOfOursWithBuyer}) before the partner's intro (${introAt ?? "date unknown"})`);
    }
  } else if (intro) {
    reasons.push("The intro did not come from the partner");
  }

  // Influenced: the partner shaped the deal after it existed.
  const signals: string[] = [];
  if (rules.influence.partnerPresent && present.length) signals.push(`partner took part in ${present.length} conversation(s): ${present.map((c) => c.file).join(", ")}`);
  if (rules.influence.partnerResolvedObjection && resolved.length) signals.push(`partner answered ${resolved.length} objection(s): ${resolved.map((o) => o.ref).join(", ")}`);
  if (rules.influence.partnerBroughtStakeholder && brought.length) signals.push(`partner brought in ${brought.map((s) => s.name).join(", ")}`);
  if (rules.influence.partnerKeptCommitment && kept.length) signals.push(`partner delivered ${kept.length} commitment(s)`);
  if (classification === "sourced") {
    reasons.push(...signals.map((s) => `Also: ${s}`));
    confidence = Math.min(0.95, confidence + (signals.length ? 0.05 : 0));
  } else if (signals.length) {
    classification = "influenced";
    confidence = Math.min(0.9, 0.5 + 0.1 * signals.length);
    reasons.push(...signals.map((s) => s[0].toUpperCase() + s.slice(1)));
  } else {
    confidence = conversations.length ? 0.8 : 0.5;
    reasons.push("No partner intro, presence, answered objection, stakeholder or delivered commitment on record");
  }

  trail.sort((a, b) => (time(a.at) || Infinity) - (time(b.at) || Infinity));
  return {
    introducedBy: isPartnerIntro ? intro!.introducedBy : null,
    introducedOn: isPartnerIntro ? intro!.introducedOn : null,
    firstJointConversation: joint?.file ?? null,
    partnerPresent: present.map((c) => c.file),
    partnerResolvedObjections: resolved.map((o) => o.ref),
    classification,
    confidence: Math.round(confidence * 100) / 100,
    reasons,
    trail,
  };
}
