// MEDDICC from cited evidence, no I/O: each qualification field is filled only from extracted items that
// say it (stakeholder roles, objection topics, decisions, risks, commitments), and carries the quotes it
// came from. A field with no evidence stays empty: nothing is guessed.
import type { CrmKind } from "./crm.types.ts";

export const MEDDICC_FIELDS = [
  "metrics", "economicBuyer", "decisionCriteria", "decisionProcess", "paperProcess", "identifyPain", "champion", "competition",
] as const;
export type MeddiccField = (typeof MEDDICC_FIELDS)[number];

/** An extracted item as MEDDICC reads it (people's corrections already laid over `data`). */
export interface MeddiccItem {
  id: string; kind: "commitment" | "objection" | "decision" | "stakeholder" | "risk" | "fulfilment";
  data: Record<string, unknown>; quote: string; speaker: string | null; conversationId: string; seq: number;
}
export interface MeddiccEvidence { itemId: string; conversationId: string; seq: number; speaker: string | null; quote: string }
export interface MeddiccValue { value: string; evidence: MeddiccEvidence[] }
export type Meddicc = Record<MeddiccField, MeddiccValue | null>;

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);
// A measurable outcome: a number with a unit of money, share, time or volume.
const METRIC = /(?:[$€£]\s?\d[\d,.]*\s?(?:k|m|bn|million|billion)?|\d[\d,.]*\s?(?:%|percent|per cent|hours?|days?|weeks?|minutes?|users?|seats?|licen[cs]es?|x\b|times\b|k\b|million|billion))/i;
const PAPER = /\b(contract|msa|sow|statement of work|order form|procurement|purchase order|po\b|redline|dpa|legal review|signature|sign(?:ed|ing)? off|vendor onboarding)\b/i;
const PAIN = /\b(pain|problem|struggl\w*|manual(?:ly)?|broken|slow|churn|losing|lost|bottleneck|spreadsheets?|error-prone|outage|frustrat\w*|costs? us|wast\w*)\b/i;
const PROCESS = /\b(approv\w*|sign[- ]off|committee|board|steering|review(?:ed)? by|decide|decision|go\/no-go|pilot|proof of concept|poc|evaluation|shortlist|rfp)\b/i;

function ev(i: MeddiccItem): MeddiccEvidence {
  return { itemId: i.id, conversationId: i.conversationId, seq: i.seq, speaker: i.speaker, quote: i.quote };
}

function person(i: MeddiccItem): string | null {
  const name = str(i.data.name);
  if (!name) return null;
  const title = str(i.data.title);
  return title ? `${name} (${title})` : name;
}

function collect(items: MeddiccItem[], describe: (i: MeddiccItem) => string | null): MeddiccValue | null {
  const values: string[] = [];
  const evidence: MeddiccEvidence[] = [];
  for (const i of items) {
    const v = describe(i);
    if (!v) continue;
    if (!values.includes(v)) values.push(v);
    evidence.push(ev(i));
  }
  return values.length ? { value: values.join("; "), evidence } : null;
}

const text = (i: MeddiccItem) => str(i.data.text) ?? i.quote;

export function buildMeddicc(all: MeddiccItem[]): Meddicc {
  const of = (kind: MeddiccItem["kind"]) => all.filter((i) => i.kind === kind);
  const stakeholders = of("stakeholder");
  const objections = of("objection");
  const decisions = of("decision");
  const risks = of("risk");
  const commitments = of("commitment");
  const role = (r: string) => stakeholders.filter((s) => s.data.role === r);
  const topic = (...ts: string[]) => objections.filter((o) => ts.includes(String(o.data.topic)));
  const matching = (re: RegExp, xs: MeddiccItem[]) => xs.filter((i) => re.test(i.quote) || re.test(text(i)));
  return {
    metrics: collect(matching(METRIC, [...decisions, ...risks, ...commitments, ...objections]), (i) => i.quote.match(METRIC) ? i.quote : null),
    economicBuyer: collect(role("economic_buyer"), person),
    decisionCriteria: collect(topic("security", "integration", "pricing", "resources"), (o) => `${o.data.topic}: ${o.quote}`),
    decisionProcess: collect([...role("approver"), ...matching(PROCESS, decisions)], (i) => (i.kind === "stakeholder" ? `approver ${person(i)}` : text(i))),
    paperProcess: collect([...topic("legal"), ...risks.filter((r) => r.data.type === "legal"), ...matching(PAPER, [...commitments, ...decisions])], text),
    identifyPain: collect(matching(PAIN, [...risks, ...decisions, ...objections]), (i) => i.quote),
    champion: collect(role("champion"), person),
    competition: collect([...topic("competition"), ...risks.filter((r) => r.data.type === "competitor")], (i) => i.quote),
  };
}

/** The Baton field names a connection can map (MEDDICC and partner attribution). */
export const BATON_FIELDS = [
  ...MEDDICC_FIELDS.map((f) => `meddicc.${f}` as const),
  "attribution.classification", "attribution.sourcedPartner", "attribution.influencedPartner",
] as const;
export type BatonField = (typeof BATON_FIELDS)[number];

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const label = (f: string) => f.split(".")[1].replace(/[A-Z]/g, (c) => `_${c}`).replace(/^./, (c) => c.toUpperCase());

/** Default CRM field names per kind (custom properties the admin creates once); a connection's mapping overrides them. */
export function defaultFieldMapping(kind: CrmKind): Record<BatonField, string> {
  const out = {} as Record<BatonField, string>;
  for (const f of BATON_FIELDS) {
    const [group, name] = f.split(".");
    const flat = `${group === "meddicc" ? "meddicc" : "partner"}_${snake(name)}`;
    out[f] = kind === "salesforce" ? `${label(f).replace(/^(.)/, (c) => c.toUpperCase())}__c`
      : kind === "freshsales" ? `cf_${flat}`
      : kind === "zoho" ? label(f).replace(/_/g, "_")
      : kind === "webhook" ? f
      : flat; // hubspot properties, pipedrive (map to the field's hash key in the connection)
  }
  return out;
}

/** Value stored in a CRM text field: the finding and the words it rests on. */
export function meddiccText(v: MeddiccValue): string {
  const quotes = [...new Set(v.evidence.map((e) => e.quote))].slice(0, 3).map((q) => `"${q}"`).join(" ");
  return `${v.value} — evidence: ${quotes}`;
}

/** Baton field values → CRM field names through the mapping (an empty target name switches a field off). */
export function mapCustomFields(values: Partial<Record<BatonField, string | null>>, mapping: Record<string, string>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const f of BATON_FIELDS) {
    const target = mapping[f];
    if (!target) continue;
    out[target] = values[f] ?? null;
  }
  return out;
}
