// Merges a language model's answer into the rule engine's items under the same evidence gate: added items
// must quote their utterance exactly, names must be on the roster, and a due date must be said in the cited
// utterance (else the date goes, the item stays). Everything refused is counted. Pure.
import type { RosterPerson } from "../conversations/conversation.ts";
import { isEvidenceValid } from "./evidence.ts";
import { createExtractionContext, getSpeakerName, type ExtractionContext } from "./extraction-context.ts";
import type { Commitment, Decision, Evidence, ExtractionInput, ExtractionResult, Objection, RefinementStats, Risk, Stakeholder } from "./extraction.types.ts";
import { findDuePhrases } from "./due-dates.ts";
import { findPersonMentions } from "./people.ts";
import type { Refinement, RefinementAdd, RefinementCorrection } from "./refinement.schemas.ts";

const emptyStats = (): RefinementStats => ({ added: 0, corrected: 0, removed: 0, quotesDropped: 0, datesDropped: 0, ignored: 0 });

type AnyItem = { localId: string; evidence: Evidence };
const LISTS = { commitment: "commitments", objection: "objections", decision: "decisions", stakeholder: "stakeholders", risk: "risks" } as const;
const PREFIX = { commitment: "c", objection: "o", decision: "d", stakeholder: "s", risk: "r" } as const;

export function applyRefinement(input: ExtractionInput, rules: ExtractionResult, answer: Refinement): { result: ExtractionResult; stats: RefinementStats } {
  const ctx = createExtractionContext(input);
  const stats = emptyStats();
  const bySeq = new Map(ctx.utterances.map((u) => [u.seq, u]));
  const indexOfSeq = new Map(ctx.utterances.map((u, i) => [u.seq, i]));
  const out = {
    commitments: [...rules.commitments], objections: [...rules.objections], decisions: [...rules.decisions],
    stakeholders: [...rules.stakeholders], risks: [...rules.risks],
  };
  const findById = (id: string) => {
    for (const key of Object.values(LISTS)) {
      const k = (out[key] as AnyItem[]).findIndex((x) => x.localId === id);
      if (k >= 0) return { key, k };
    }
    return null;
  };

  for (const d of answer.drop) {
    const hit = findById(d.id);
    if (!hit) { stats.ignored++; continue; }
    (out[hit.key] as AnyItem[]).splice(hit.k, 1);
    stats.removed++;
  }

  for (const c of answer.correct) {
    const hit = findById(c.id);
    if (!hit) { stats.ignored++; continue; }
    const list = out[hit.key] as AnyItem[];
    const fixed = correctItem(ctx, hit.key, list[hit.k], c, stats);
    if (fixed) { list[hit.k] = fixed; stats.corrected++; } else stats.ignored++;
  }

  for (const a of answer.add) {
    const u = bySeq.get(a.seq);
    const quote = a.quote.trim();
    const evidence: Evidence = { seq: a.seq, atMs: u?.startMs ?? 0, speaker: null, quote };
    if (!u || !isEvidenceValid(evidence, bySeq)) { stats.quotesDropped++; continue; }
    const i = indexOfSeq.get(a.seq)!;
    evidence.speaker = getSpeakerName(ctx, i);
    const key = LISTS[a.kind];
    // The rules already have it: same kind, same utterance, overlapping words.
    if ((out[key] as AnyItem[]).some((x) => x.evidence.seq === a.seq && overlaps(x.evidence.quote, quote))) { stats.ignored++; continue; }
    const localId = nextId(out[key] as AnyItem[], PREFIX[a.kind]);
    const item = buildItem(ctx, i, a, evidence, localId, stats);
    if (!item) { stats.ignored++; continue; }
    (out[key] as AnyItem[]).push(item);
    stats.added++;
  }

  return {
    result: { ...rules, ...out, dropped: rules.dropped + stats.quotesDropped, engine: { ...rules.engine, name: "rules+llm" }, refinement: stats },
    stats,
  };
}

/** True when the cited utterance names a day that resolves to `due`. */
export function isDueSupported(ctx: ExtractionContext, seq: number, due: string): boolean {
  const u = ctx.utterances.find((x) => x.seq === seq);
  if (!u || !/^\d{4}-\d{2}-\d{2}$/.test(due)) return false;
  return findDuePhrases(u.text, ctx.due).some((p) => p.date === due);
}

function checkedDue(ctx: ExtractionContext, seq: number, due: string | null | undefined, stats: RefinementStats): { due: string | null; dueText: string | null } | null {
  if (due == null || due === "") return null;
  if (!isDueSupported(ctx, seq, due)) { stats.datesDropped++; return null; }
  const u = ctx.utterances.find((x) => x.seq === seq)!;
  const phrase = findDuePhrases(u.text, ctx.due).find((p) => p.date === due)!;
  return { due, dueText: phrase.text };
}

function findRosterPerson(ctx: ExtractionContext, name: string | null | undefined): RosterPerson | null {
  if (!name) return null;
  const exact = ctx.people.roster.find((p) => p.name.toLowerCase() === name.trim().toLowerCase());
  if (exact) return exact;
  const m = findPersonMentions(ctx.people, name);
  return m.length === 1 ? m[0].person : null;
}

function buildItem(ctx: ExtractionContext, i: number, a: RefinementAdd, evidence: Evidence, localId: string, stats: RefinementStats): AnyItem | null {
  const speaker = ctx.speakers[i];
  switch (a.kind) {
    case "commitment": {
      const owner = findRosterPerson(ctx, a.owner) ?? speaker;
      const due = checkedDue(ctx, a.seq, a.due, stats);
      const c: Commitment = {
        localId, text: a.text?.trim() || evidence.quote, ownerPersonId: owner?.id ?? null, owner: owner?.name ?? evidence.speaker,
        side: owner?.side ?? ctx.sides[i], due: due?.due ?? null, dueText: due?.dueText ?? null, ownerUnclear: !owner, confidence: 0.6, evidence,
      };
      return c;
    }
    case "objection": {
      const o: Objection = {
        localId, topic: a.topic ?? "other", raisedBy: getSpeakerName(ctx, i), raisedByPersonId: speaker?.id ?? null,
        resolvedBy: null, resolvedByPersonId: null, evidence,
      };
      return o;
    }
    case "decision": {
      const d: Decision = { localId, text: a.text?.trim() || evidence.quote, evidence };
      return d;
    }
    case "stakeholder": {
      const p = findRosterPerson(ctx, a.name);
      if (!p) return null;
      const s: Stakeholder = { localId, name: p.name, personId: p.id, title: p.title, org: p.side, role: a.role ?? "other", evidence };
      return s;
    }
    case "risk": {
      const r: Risk = { localId, type: a.type ?? "other", text: a.text?.trim() || evidence.quote, evidence };
      return r;
    }
  }
}

function correctItem(ctx: ExtractionContext, key: (typeof LISTS)[keyof typeof LISTS], item: AnyItem & Record<string, unknown>, c: RefinementCorrection, stats: RefinementStats): AnyItem | null {
  const next: Record<string, unknown> = { ...item };
  let changed = false;
  const set = (field: string, value: unknown) => { if (value != null && next[field] !== value) { next[field] = value; changed = true; } };
  if (key === "commitments") {
    if (c.owner != null) {
      const p = findRosterPerson(ctx, c.owner);
      if (p) { set("owner", p.name); set("ownerPersonId", p.id); set("side", p.side); set("ownerUnclear", false); }
    }
    if (c.due != null) {
      const due = checkedDue(ctx, item.evidence.seq, c.due, stats);
      if (due) { set("due", due.due); set("dueText", due.dueText); }
    }
    set("text", c.text?.trim() || null);
  } else if (key === "objections") set("topic", c.topic);
  else if (key === "stakeholders") set("role", c.role);
  else if (key === "risks") { set("type", c.type); set("text", c.text?.trim() || null); }
  else if (key === "decisions") set("text", c.text?.trim() || null);
  return changed ? (next as unknown as AnyItem) : null;
}

function nextId(list: AnyItem[], prefix: string): string {
  const taken = new Set(list.map((x) => x.localId));
  let n = list.length + 1;
  while (taken.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

const words = (s: string) => new Set(s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2));
function overlaps(a: string, b: string): boolean {
  if (a.includes(b) || b.includes(a)) return true;
  const wa = words(a), wb = words(b);
  let n = 0;
  for (const w of wb) if (wa.has(w)) n++;
  return n / Math.max(1, Math.min(wa.size, wb.size)) >= 0.6;
}
