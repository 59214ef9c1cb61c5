// Gathers a deal's attribution inputs from the stored record (conversations, talk time, items, the ledger,
// the intro email) together with the quote or email behind every fact, so each trail entry can cite its words.
import { findConversation, listConversationSummaries, listSideTalkStats, listUtterances, type ConversationSummary, type ParsedEmailMeta, type StoredUtterance } from "../conversations/index.ts";
import { listDealPeopleIds, type Deal } from "../deals/index.ts";
import { getWorkspace, listOrgs, listPeople } from "../directory/index.ts";
import { listItems } from "../extraction/index.ts";
import { extractBrief } from "../handoff/index.ts";
import { getDealLedger, localDate } from "../ledger/index.ts";
import type { Deps } from "../../shared/deps.ts";
import type { Side } from "../../shared/sides.ts";
import type { AttributionConversation, AttributionInput } from "./attribution.ts";
import { evidenceKey, type EvidenceIndex, type EvidenceQuote } from "./trail.ts";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const offset = (ms: number) => `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor((ms % 3_600_000) / 60_000))}:${pad(Math.floor((ms % 60_000) / 1000))}.${pad(ms % 1000, 3)}`;
const SIDE_ORDER: Side[] = ["ours", "partner", "buyer"];

interface Conv {
  summary: ConversationSummary; file: string; isIntro: boolean; email: ParsedEmailMeta | null;
  utterances: StoredUtterance[]; talk: Map<Side, { talkMs: number; questions: number }>;
  sides: Side[]; speakingSides: Side[]; fromSide: Side | null;
}

export interface GatheredAttribution {
  input: AttributionInput;
  index: EvidenceIndex;
  /** The earliest dated fact of the deal: the intro or the first conversation (ISO). */
  startedAt: string | null;
}

/** Reads everything the attribution rules need for one deal, plus the evidence index for the trail. */
export async function gatherAttribution(deps: Deps, deal: Deal): Promise<GatheredAttribution> {
  const ws = await getWorkspace(deps);
  const people = await listPeople(deps, ws.id, { ids: await listDealPeopleIds(deps, deal.id) });
  const sideOfEmail = new Map(people.flatMap((p) => p.emails.map((e) => [e.toLowerCase(), p.side] as const)));
  const sideOfName = new Map(people.map((p) => [p.name, p.side]));
  const nameOfEmail = new Map(people.flatMap((p) => p.emails.map((e) => [e.toLowerCase(), p.name] as const)));
  const talkStats = await listSideTalkStats(deps, deal.id);
  const convs: Conv[] = [];
  for (const s of await listConversationSummaries(deps, deal.id)) {
    // A call held for recording consent is not processed: it is no evidence until every speaker's consent is recorded.
    if (s.heldForConsent) continue;
    const full = s.kind === "email" ? await findConversation(deps, s.id) : null;
    const email = (full?.email as ParsedEmailMeta | null | undefined) ?? null;
    const utterances = s.kind === "email" ? [] : (await listUtterances(deps, s.id)).filter((u) => !u.isInternal);
    const talk = new Map(talkStats.filter((t) => t.conversationId === s.id).map((t) => [t.side, { talkMs: t.talkMs, questions: t.questions }]));
    const speakingSides = [...new Set(s.speakers.map((x) => x.side).filter((x): x is Side => x != null))];
    const addressed = email ? [email.from, ...email.to, ...email.cc].filter((a) => a != null).map((a) => sideOfEmail.get(a!.address.toLowerCase()) ?? null) : [];
    const sides = [...new Set([...speakingSides, ...addressed.filter((x): x is Side => x != null)])];
    const fromSide = email?.from ? sideOfEmail.get(email.from.address.toLowerCase()) ?? null : null;
    convs.push({ summary: s, file: s.sourceFile ?? s.id, isIntro: full?.role === "intro" || s.sourceFile === "intro.eml", email, utterances, talk, sides, speakingSides, fromSide });
  }
  convs.sort((a, b) => a.summary.startedAt.localeCompare(b.summary.startedAt) || a.file.localeCompare(b.file));
  const byFile = new Map(convs.map((c) => [c.file, c]));

  const quoteOf = (c: Conv, u: StoredUtterance): EvidenceQuote => ({
    conversationId: c.summary.id, file: c.file, title: c.summary.title, kind: c.summary.kind, seq: u.seq, offset: offset(u.startMs),
    occurredAt: new Date(Date.parse(c.summary.startedAt) + u.startMs).toISOString(), speaker: u.speakerName, side: u.side, quote: u.text,
  });
  const emailQuote = (c: Conv): EvidenceQuote => {
    const e = c.email!;
    const addr = (a: { name?: string | null; address: string }) => (a.name ? `${a.name} <${a.address}>` : a.address);
    const head = [`From: ${e.from ? addr(e.from) : "unknown"}`, `To: ${e.to.map(addr).join(", ")}`, ...(e.cc.length ? [`Cc: ${e.cc.map(addr).join(", ")}`] : []), `Subject: ${e.subject ?? ""}`];
    return {
      conversationId: c.summary.id, file: c.file, title: c.summary.title, kind: "email", seq: null, offset: null, occurredAt: c.summary.startedAt,
      speaker: e.from ? (e.from.name ?? nameOfEmail.get(e.from.address.toLowerCase()) ?? e.from.address) : null, side: c.fromSide,
      quote: `${head.join("\n")}\n\n${e.bodyText.trim().slice(0, 1200)}`,
    };
  };
  const firstWords = (c: Conv, side: Side): EvidenceQuote[] => {
    if (c.email) return [emailQuote(c)];
    const first = c.utterances.find((u) => u.side === side);
    const question = c.utterances.find((u) => u.side === side && u.text.trim().endsWith("?") && u !== first);
    return [first, question].filter((u): u is StoredUtterance => !!u).map((u) => quoteOf(c, u));
  };

  const index: EvidenceIndex = { byKey: new Map(), extra: [] };

  // The intro: the email marked as the intro, read the way the handoff brief reads it.
  let intro: AttributionInput["intro"] = null;
  const introConv = convs.find((c) => c.isIntro && c.email);
  if (introConv) {
    const orgs = await listOrgs(deps, ws.id);
    const b = extractBrief({
      email: introConv.email!, timezone: deal.timezone, workspaceDomains: ws.domains,
      orgs: orgs.map((o) => ({ name: o.name, side: o.side, domains: o.domains })),
      people: people.filter((p) => p.side).map((p) => ({ name: p.name, emails: p.emails, title: p.title, side: p.side! })),
    });
    const who = people.find((p) => p.name === b.introducedBy.name || (b.introducedBy.email && p.emails.includes(b.introducedBy.email.toLowerCase())));
    intro = { introducedBy: b.introducedBy.name, introducedOn: b.introducedOn, fromSide: who?.side ?? introConv.fromSide, at: b.introducedOn };
    const introduced = [...introConv.email!.to, ...introConv.email!.cc].map((a) => a.name ?? nameOfEmail.get(a.address.toLowerCase()) ?? a.address);
    index.byKey.set(evidenceKey("intro", "intro"), { evidence: [emailQuote(introConv)], details: { introducedBy: b.introducedBy.name, introduced, subject: introConv.email!.subject } });
  }

  const calls = convs.filter((c) => !c.isIntro);
  const conversations: AttributionConversation[] = calls.map((c) => {
    const partner = c.talk.get("partner");
    return {
      file: c.file, kind: c.summary.kind, startedAt: c.summary.startedAt, sidesPresent: c.sides, speakingSides: c.email ? (c.fromSide ? [c.fromSide] : []) : c.speakingSides,
      partnerTalkMs: partner?.talkMs ?? 0, totalTalkMs: [...c.talk.values()].reduce((n, t) => n + t.talkMs, 0), partnerQuestions: partner?.questions ?? 0,
      participants: c.summary.speakers.map((s) => ({ personId: s.personId, name: s.name ?? s.label, side: s.side })),
    };
  });
  for (const [i, c] of calls.entries()) {
    const a = conversations[i]!;
    const share = a.totalTalkMs > 0 ? Math.round((100 * a.partnerTalkMs) / a.totalTalkMs) : null;
    const details = { title: c.summary.title, talkSharePct: share, partnerTalkMs: a.partnerTalkMs, partnerQuestions: a.partnerQuestions, sides: c.sides };
    index.byKey.set(evidenceKey("partner_present", c.file), { evidence: firstWords(c, "partner"), details });
    index.byKey.set(evidenceKey("joint_conversation", c.file), { evidence: firstWords(c, "partner").slice(0, 1), details: { title: c.summary.title, sides: c.sides } });
  }

  // Our first contact with the buyer that did not come through the partner.
  const ourOwn = calls.find((c) => c.sides.includes("ours") && c.sides.includes("buyer") && !c.sides.includes("partner"));
  if (ourOwn) index.byKey.set(evidenceKey("our_first_contact", null), { evidence: firstWords(ourOwn, "ours").slice(0, 1), details: { file: ourOwn.file } });

  // Objections: the objection's words and the answer's.
  const items = await listItems(deps, { dealId: deal.id });
  const fileOfConv = new Map(convs.map((c) => [c.summary.id, c]));
  const objections: AttributionInput["objections"] = [];
  for (const o of items.filter((i) => i.kind === "objection")) {
    const c = fileOfConv.get(o.conversationId);
    if (!c) continue;
    const d = { ...o.data, ...(o.humanData ?? {}) } as { topic?: string; resolvedBy?: string | null; resolution?: { seq: number; atMs: number; speaker: string | null; quote: string } };
    const ref = `${c.file}#${o.localId}`;
    const resolvedBy = d.resolvedBy ?? null;
    objections.push({ ref, resolvedBy, resolvedBySide: resolvedBy ? sideOfName.get(resolvedBy) ?? null : null });
    const ev = (x: { seq: number; atMs: number; speaker: string | null; quote: string }): EvidenceQuote => ({
      conversationId: c.summary.id, file: c.file, title: c.summary.title, kind: c.summary.kind, seq: x.seq, offset: offset(x.atMs),
      occurredAt: new Date(Date.parse(c.summary.startedAt) + x.atMs).toISOString(), speaker: x.speaker, side: x.speaker ? sideOfName.get(x.speaker) ?? null : null, quote: x.quote,
    });
    index.byKey.set(evidenceKey("partner_resolved_objection", ref), {
      evidence: [ev({ seq: o.seq, atMs: o.atMs, speaker: o.speaker, quote: o.quote }), ...(d.resolution ? [ev(d.resolution)] : [])], details: { topic: d.topic ?? null, resolvedBy },
    });
  }

  // Stakeholders the partner brought in: a buyer-side person whose first appearance is in a conversation the
  // partner led (the most talk time of any side) or in an email the partner sent.
  const ledBy = (c: Conv): Side | null => {
    if (c.email) return c.fromSide;
    let best: Side | null = null, bestMs = 0;
    for (const s of SIDE_ORDER) { const ms = c.talk.get(s)?.talkMs ?? 0; if (ms > bestMs) { best = s; bestMs = ms; } }
    return best;
  };
  const seen = new Set<string>();
  const stakeholders: AttributionInput["stakeholders"] = [];
  for (const c of convs) {
    const here: Array<{ name: string; quote: EvidenceQuote | null }> = [];
    if (c.email) {
      for (const a of [...c.email.to, ...c.email.cc]) {
        if (sideOfEmail.get(a.address.toLowerCase()) !== "buyer") continue;
        here.push({ name: nameOfEmail.get(a.address.toLowerCase()) ?? a.name ?? a.address, quote: emailQuote(c) });
      }
    } else {
      for (const s of c.summary.speakers.filter((x) => x.side === "buyer")) {
        const u = c.utterances.find((x) => x.speakerLabel === s.label);
        here.push({ name: s.name ?? s.label, quote: u ? quoteOf(c, u) : null });
      }
    }
    for (const h of here) {
      if (seen.has(h.name)) continue;
      seen.add(h.name);
      const by = ledBy(c);
      const isPartnerLed = by === "partner";
      stakeholders.push({ name: h.name, firstConversationFile: c.file, broughtBySide: isPartnerLed ? "partner" : by });
      if (isPartnerLed) {
        index.byKey.set(evidenceKey("partner_brought_stakeholder", c.file, h.name), {
          evidence: h.quote ? [h.quote] : [], details: { at: c.summary.startedAt, how: c.email ? "email the partner sent" : "conversation the partner led" },
        });
      }
    }
  }

  // Partner-owned commitments delivered on time: done (by the conversation that says so, or a person) on or before the due date.
  const ledger = await getDealLedger(deps, deal.id);
  const commitments: AttributionInput["commitments"] = [];
  for (const e of ledger.commitments.filter((x) => x.side === "partner")) {
    const f = e.fulfilment;
    const doneAt = f ? (f.source === "conversation" ? f.evidence.occurredAt : f.at) : e.status === "done" ? e.closedAt : null;
    const doneOn = doneAt ? localDate(new Date(doneAt), deal.timezone) : null;
    const c = byFile.get(e.evidence.conversation);
    const said: EvidenceQuote = { conversationId: e.evidence.conversationId, file: e.evidence.conversation, title: e.evidence.title, kind: c?.summary.kind ?? "call", seq: e.evidence.seq,
      offset: e.evidence.at, occurredAt: e.evidence.occurredAt, speaker: e.evidence.speaker, side: e.evidence.speaker ? sideOfName.get(e.evidence.speaker) ?? null : null, quote: e.evidence.quote };
    const proof: EvidenceQuote[] = f?.source === "conversation"
      ? [{ conversationId: f.evidence.conversationId, file: f.evidence.conversation, title: f.evidence.title, kind: byFile.get(f.evidence.conversation)?.summary.kind ?? "call", seq: f.evidence.seq,
        offset: f.evidence.at, occurredAt: f.evidence.occurredAt, speaker: f.evidence.speaker, side: f.evidence.speaker ? sideOfName.get(f.evidence.speaker) ?? null : null, quote: f.evidence.quote }]
      : f ? [{ conversationId: null, file: "ledger", title: "Marked done", kind: "claim", seq: null, offset: null, occurredAt: f.at, speaker: f.by, side: null, quote: f.note ?? "Marked done in the ledger" }] : [];
    if (e.status !== "done" || !doneOn) continue;
    const isOnTime = !e.due || doneOn <= e.due;
    if (isOnTime) {
      commitments.push({ ref: e.ref, side: "partner", status: "done", due: e.due, doneOn });
      index.byKey.set(evidenceKey("partner_kept_commitment", e.ref), { evidence: [said, ...proof], details: { text: e.text, owner: e.owner, due: e.due, doneOn } });
    } else {
      index.extra.push({ kind: "partner_commitment_late", at: doneAt, ref: e.ref, counts: false, text: `Partner delivered ${e.ref} late (due ${e.due}, done ${doneOn})`,
        evidence: [said, ...proof], details: { text: e.text, owner: e.owner, due: e.due, doneOn } });
    }
  }

  const dated = [intro?.at ?? null, ...convs.map((c) => c.summary.startedAt)].filter((x): x is string => !!x).map((x) => Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(x) ? `${x}T00:00:00Z` : x));
  return {
    input: { intro, conversations, objections, stakeholders, commitments, firstContactOfOursWithBuyer: ourOwn?.summary.startedAt ?? null },
    index,
    startedAt: dated.length ? new Date(Math.min(...dated)).toISOString() : null,
  };
}
