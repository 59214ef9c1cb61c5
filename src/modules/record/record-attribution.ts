// Gathers the attribution rule engine's inputs from the stored record.
import { computeAttribution } from "../attribution/index.ts";
import type { ConversationSummary } from "../conversations/index.ts";
import type { Person } from "../directory/index.ts";
import type { Side } from "../../shared/sides.ts";

interface Args {
  intro: { from: string | null; date: string | null; fromSide: Side | null } | null;
  convs: Array<ConversationSummary & { emailParticipants?: string[]; talk?: Array<{ side: Side; talkMs: number; questions: number }> }>;
  conversations: Record<string, { objections: Array<{ id: string; resolved_by: string | null }>; stakeholders: Array<{ name: string }> }>;
  people: Person[];
}

export function buildAttribution({ intro, convs, conversations, people }: Args) {
  const sideOfName = new Map(people.map((p) => [p.name, p.side]));
  const sideOfEmail = new Map(people.flatMap((p) => p.emails.map((e) => [e.toLowerCase(), p.side] as const)));
  const calls = convs.filter((c) => c.sourceFile !== "intro.eml");
  const a = computeAttribution({
    intro: intro ? { introducedBy: intro.from, introducedOn: intro.date, fromSide: intro.fromSide, at: intro.date } : null,
    conversations: calls.map((c) => {
      const speaking = [...new Set(c.speakers.map((s) => s.side).filter((s): s is Side => s != null))];
      const present = [...new Set([...speaking, ...(c.emailParticipants ?? []).map((e) => sideOfEmail.get(e.toLowerCase())).filter((s): s is Side => s != null)])];
      const talk = c.talk ?? [];
      return {
        file: c.sourceFile ?? c.id, kind: c.kind, startedAt: c.startedAt, sidesPresent: present, speakingSides: speaking,
        partnerTalkMs: talk.filter((t) => t.side === "partner").reduce((n, t) => n + t.talkMs, 0),
        totalTalkMs: talk.reduce((n, t) => n + t.talkMs, 0),
        partnerQuestions: talk.filter((t) => t.side === "partner").reduce((n, t) => n + t.questions, 0),
        participants: c.speakers.map((s) => ({ personId: s.personId, name: s.name ?? s.label, side: s.side })),
      };
    }),
    objections: Object.entries(conversations).flatMap(([file, c]) => c.objections.map((o) => ({
      ref: `${file}#${o.id}`, resolvedBy: o.resolved_by, resolvedBySide: o.resolved_by ? sideOfName.get(o.resolved_by) ?? null : null,
    }))),
    stakeholders: Object.entries(conversations).flatMap(([file, c]) => c.stakeholders.map((s) => ({ name: s.name, firstConversationFile: file, broughtBySide: null }))),
    commitments: [],
    firstContactOfOursWithBuyer: null,
  });
  return {
    introduced_by: a.introducedBy, introduced_on: a.introducedOn, first_joint_conversation: a.firstJointConversation,
    partner_present: a.partnerPresent, partner_resolved_objections: a.partnerResolvedObjections,
    classification: a.classification, confidence: a.confidence, reasons: a.reasons,
  };
}
