// One recap per call, no I/O: the grounded draft from a call's items and utterances, the edit rule that keeps
// or withdraws a line's evidence, the two-sided approval, and what each audience may see.
import type { Side } from "../../shared/sides.ts";
import { keyWords, keyWordsPresent, newFacts, wordOverlap } from "./text-match.ts";
import { detectTopics, topicLabel } from "./topics.ts";
import { formatDue, recapLanguage, type RecapLanguage } from "./templates.ts";

export const RECAP_SECTIONS = ["discussed", "decisions", "commitments", "questions", "objections"] as const;
export type RecapSection = (typeof RECAP_SECTIONS)[number];
export const SELLING_SIDES = ["ours", "partner"] as const;
export type SellingSide = (typeof SELLING_SIDES)[number];

export interface RecapEvidence {
  conversationId: string; seq: number; speaker: string | null; quote: string;
  /** The cited utterance was internal when the line was drafted: only our side's rendering keeps this entry. */
  internal?: boolean;
}

export interface RecapLine {
  id: string;
  section: RecapSection;
  text: string;
  evidence: RecapEvidence[];
  /** Only our side and the partner see it internally; never in the buyer's or the partner's rendering. */
  internal: boolean;
  /** "unsupported": edited so it no longer says what its evidence says (shown, flagged, evidence withdrawn). */
  support: "grounded" | "unsupported";
  /** The wording the evidence was attached to (the draft's, or the last grounded edit's basis). */
  basis: string;
  /** Evidence the line had before an edit made it unsupported, for reviewers. */
  formerEvidence?: RecapEvidence[];
  side?: Side | null;
  owner?: string | null;
  due?: string | null;
  itemId?: string | null;
}

export interface RecapApproval {
  side: SellingSide; by: string; version: number; at: string;
  /** An internal user recorded the partner's approval on their behalf (until partner users exist). */
  onBehalf: boolean; note: string | null;
}

export interface RecapItem {
  id: string; kind: string; seq: number; speaker: string | null; quote: string; isInternal: boolean; data: Record<string, unknown>;
}
export interface RecapUtterance { seq: number; speakerName: string | null; side: Side | null; text: string; isInternal: boolean }
export interface RecapCall { id: string; title: string; startedAt: string; timezone: string; language: string | null }

const CONSENT_RE = /\b(record(ed|ing)?|grabando|grabación|aufgezeichnet|aufnahme|gravad[ao]|gravação)\b/iu;

/** The draft: topics, decisions, commitments by side, open questions and objections, each line with its evidence. */
export function buildRecapDraft(input: { call: RecapCall; items: RecapItem[]; utterances: RecapUtterance[] }): { language: RecapLanguage; lines: RecapLine[] } {
  const { call } = input;
  const lang = recapLanguage(call.language);
  const bySeq = new Map(input.utterances.map((u) => [u.seq, u]));
  const isInternalSeq = (seq: number) => bySeq.get(seq)?.isInternal ?? false;
  const ev = (seq: number, quote?: string, speaker?: string | null): RecapEvidence => ({
    conversationId: call.id, seq, speaker: speaker ?? bySeq.get(seq)?.speakerName ?? null, quote: quote ?? bySeq.get(seq)?.text ?? "",
    ...(isInternalSeq(seq) ? { internal: true } : {}),
  });
  const lines: Array<Omit<RecapLine, "id" | "basis" | "support">> = [];

  for (const t of detectTopics(input.utterances.filter((u) => !CONSENT_RE.test(u.text)))) {
    lines.push({ section: "discussed", text: topicLabel(t.topic, lang), evidence: t.seqs.map((s) => ev(s)), internal: t.seqs.every(isInternalSeq) });
  }
  for (const d of input.items.filter((i) => i.kind === "decision")) {
    const text = String(d.data.text ?? d.quote);
    const prev = bySeq.get(d.seq - 1);
    // "Okay, that works for us." means nothing alone: carry the proposal it accepts.
    if (text.split(/\s+/).length < 7 && prev) {
      lines.push({ section: "decisions", text: `${prev.text} (${d.speaker ?? "?"}: "${text}")`, evidence: [ev(prev.seq), ev(d.seq, d.quote, d.speaker)], internal: d.isInternal });
    } else {
      lines.push({ section: "decisions", text, evidence: [ev(d.seq, d.quote, d.speaker)], internal: d.isInternal });
    }
  }
  const sideRank: Record<string, number> = { ours: 0, partner: 1, buyer: 2 };
  const commitments = input.items.filter((i) => i.kind === "commitment")
    .sort((a, b) => (sideRank[String(a.data.side)] ?? 3) - (sideRank[String(b.data.side)] ?? 3) || a.seq - b.seq);
  for (const c of commitments) {
    const owner = (c.data.owner as string | null) ?? null;
    const due = (c.data.due as string | null) ?? null;
    const what = String(c.data.text ?? c.quote);
    lines.push({
      section: "commitments", text: `${owner ?? "?"}: ${what}${due ? ` ${formatDue(due, lang)}` : ""}`,
      evidence: [ev(c.seq, c.quote, c.speaker)], internal: c.isInternal, side: (c.data.side as Side | null) ?? null, owner, due, itemId: c.id,
    });
  }
  for (const u of input.utterances) {
    if (!u.text.trim().endsWith("?") || CONSENT_RE.test(u.text) || u.text.split(/\s+/).length < 5) continue;
    lines.push({ section: "questions", text: `${u.speakerName ?? "?"}: ${u.text}`, evidence: [ev(u.seq)], internal: u.isInternal, side: u.side });
  }
  for (const o of input.items.filter((i) => i.kind === "objection")) {
    const res = o.data.resolution as { seq: number; quote: string; speaker: string | null } | undefined;
    const raisedBy = (o.data.raisedBy as string | null) ?? o.speaker ?? "?";
    const topic = topicLabel(String(o.data.topic ?? "other"), lang);
    lines.push(res
      ? { section: "objections", text: `${topic} — ${raisedBy}: "${o.quote}" → ${res.speaker ?? "?"}: "${res.quote}"`, evidence: [ev(o.seq, o.quote, o.speaker), ev(res.seq, res.quote, res.speaker)], internal: o.isInternal, itemId: o.id }
      : { section: "objections", text: `${topic} — ${raisedBy}: "${o.quote}" (open)`, evidence: [ev(o.seq, o.quote, o.speaker)], internal: o.isInternal, itemId: o.id });
  }
  // A line that quotes or cites an internal utterance composes internal words (a decision carrying an internal
  // proposal, an objection answered internally): it is internal as a whole. A "discussed" topic's text is our
  // label, not their words: it stays shared and only its internal citations are marked (and dropped when shared).
  const shared = (l: (typeof lines)[number]) => l.section === "discussed" ? l.internal : l.internal || l.evidence.some((e) => e.internal);
  return { language: lang, lines: lines.map((l, i) => ({ ...l, internal: shared(l), id: `l${i + 1}`, basis: l.text, support: "grounded" })) };
}

export interface LineEdit { id?: string | null; text: string; internal?: boolean; section?: RecapSection }

/**
 * An edited line keeps its evidence while it still says the same: word overlap with the wording the evidence
 * was attached to ≥ 0.6, or the evidence quote's key words still present — and it names no new date or number.
 */
export function reviseLine(prev: RecapLine, edit: LineEdit): RecapLine {
  const internal = edit.internal ?? prev.internal;
  const text = edit.text.trim();
  if (text === prev.text) return { ...prev, internal, section: edit.section ?? prev.section };
  const evidence = prev.evidence.length ? prev.evidence : prev.formerEvidence ?? [];
  const quotes = evidence.map((e) => e.quote);
  const sameWords = wordOverlap(prev.basis, text) >= 0.6 || quotes.some((q) => keyWordsPresent(q, text) >= 0.6);
  const isGrounded = evidence.length > 0 && sameWords && newFacts(text, [prev.basis, ...quotes]).length === 0;
  return isGrounded
    ? { ...prev, text, internal, section: edit.section ?? prev.section, evidence, support: "grounded", formerEvidence: undefined }
    : { ...prev, text, internal, section: edit.section ?? prev.section, evidence: [], formerEvidence: evidence, support: "unsupported" };
}

/** Applies a full list of lines: known ids are revised, new ones (no id) are unsupported until cited. */
export function reviseLines(prev: RecapLine[], edits: LineEdit[]): RecapLine[] {
  const byId = new Map(prev.map((l) => [l.id, l]));
  let next = prev.reduce((m, l) => Math.max(m, Number(l.id.slice(1)) || 0), 0);
  return edits.map((e) => {
    const old = e.id ? byId.get(e.id) : undefined;
    if (old) return reviseLine(old, e);
    next++;
    return { id: `l${next}`, section: e.section ?? "discussed", text: e.text.trim(), evidence: [], internal: e.internal ?? false, support: "unsupported", basis: e.text.trim() };
  });
}

export function linesChanged(a: RecapLine[], b: RecapLine[]): boolean {
  if (a.length !== b.length) return true;
  return a.some((l, i) => l.id !== b[i].id || l.text !== b[i].text || l.internal !== b[i].internal || l.section !== b[i].section);
}

export function approvalState(approvals: RecapApproval[], version: number) {
  const current = approvals.filter((a) => a.version === version);
  const ours = current.find((a) => a.side === "ours") ?? null;
  const partner = current.find((a) => a.side === "partner") ?? null;
  return { ours, partner, isAgreed: ours != null && partner != null };
}

export type Audience = "internal" | "partner" | "buyer";

/** Does `text` carry the words of `quote`? The quote itself, or most of its key words (when it has a few). */
function carriesWords(text: string, quote: string): boolean {
  const q = quote.trim();
  if (keyWords(q).length < 2) return false; // "Yes." or "Okay, fine." says nothing of its own
  if (text.toLowerCase().includes(q.toLowerCase())) return true;
  return keyWords(q).length >= 3 && keyWordsPresent(q, text) >= 0.6;
}

/**
 * What the partner and the buyer may see of the lines. Internal lines go. Evidence citing an internal utterance
 * (marked at draft time, or — via `isInternalAt` — marked internal since) goes; the line goes too when its text
 * carries those words, when nothing else grounds it, or when `internalTexts` (the call's internal utterances now)
 * appear in it. A "discussed" topic's text is our label: it only loses those citations, and goes when none is left.
 * The wording the evidence was attached to (`basis`) is replaced by the text shown, so no earlier wording leaks.
 */
export function linesFor(lines: RecapLine[], audience: Audience, isInternalAt?: (conversationId: string, seq: number) => boolean, internalTexts: string[] = []): RecapLine[] {
  if (audience === "internal") return lines;
  const hidden = (e: RecapEvidence) => e.internal === true || (isInternalAt?.(e.conversationId, e.seq) ?? false);
  const out: RecapLine[] = [];
  for (const l of lines) {
    if (l.internal) continue;
    if (internalTexts.some((t) => carriesWords(l.text, t))) continue;
    const gone = [...l.evidence, ...(l.formerEvidence ?? [])].filter(hidden);
    const evidence = l.evidence.filter((e) => !hidden(e));
    const former = l.formerEvidence?.filter((e) => !hidden(e));
    if (gone.length) {
      if (l.section !== "discussed" && gone.some((e) => carriesWords(l.text, e.quote))) continue;
      if (!evidence.length && !(former ?? []).length) continue;
    }
    out.push({ ...l, basis: l.text, evidence, ...(former ? { formerEvidence: former } : {}) });
  }
  return out;
}
