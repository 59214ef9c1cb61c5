// Pure shaping of the deal record into the corpus gold.json format (SCHEMA.md).
export function formatAt(ms: number): string {
  const h = Math.floor(ms / 3_600_000), m = Math.floor((ms % 3_600_000) / 60_000), s = Math.floor((ms % 60_000) / 1000), milli = ms % 1000;
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(h)}:${p(m)}:${p(s)}.${p(milli, 3)}`;
}

export interface GoldEvidence { at: string; speaker: string | null; quote: string }
export interface RecordItemIn {
  kind: string; localId: string; data: Record<string, unknown>; humanData: Record<string, unknown> | null;
  atMs: number; speaker: string | null; quote: string; review: string;
}
const ev = (i: RecordItemIn): GoldEvidence => ({ at: formatAt(i.atMs), speaker: i.speaker, quote: i.quote });
const eff = (i: RecordItemIn) => ({ ...i.data, ...(i.humanData ?? {}) }) as Record<string, any>;

export function shapeConversationItems(items: RecordItemIn[]) {
  const of = (k: string) => items.filter((i) => i.kind === k && i.review !== "dismissed");
  return {
    commitments: of("commitment").map((i) => { const d = eff(i); return {
      id: i.localId, text: d.text ?? null, owner: d.owner ?? null, side: d.side ?? null, due: d.due ?? null, due_text: d.dueText ?? null,
      owner_unclear: d.ownerUnclear ?? false, evidence: ev(i) }; }),
    objections: of("objection").map((i) => { const d = eff(i); return {
      id: i.localId, topic: d.topic, raised_by: d.raisedBy ?? null, resolved_by: d.resolvedBy ?? null, evidence: ev(i) }; }),
    decisions: of("decision").map((i) => ({ id: i.localId, text: eff(i).text ?? null, evidence: ev(i) })),
    stakeholders: of("stakeholder").map((i) => { const d = eff(i); return {
      name: d.name, title: d.title ?? null, org: d.org ?? null, role: d.role ?? "other", evidence: ev(i) }; }),
    risks: of("risk").map((i) => { const d = eff(i); return { type: d.type, text: d.text ?? null, evidence: ev(i) }; }),
    fulfilled: of("fulfilment").map((i) => ({ commitment: eff(i).commitmentRef, evidence: ev(i) })),
  };
}
