// The brief as stored on a handoff: a flat map of fields, each keeping the extracted value,
// its evidence and confidence, and — once a person edits it — the human value and who set it.
// Pure, no I/O.
import type { DealBrief, Field } from "./deal-brief.ts";

export const BRIEF_FIELDS = [
  "buyerContact.name", "buyerContact.email", "buyerContact.title", "buyerCompany",
  "partnerContact.name", "partnerContact.email", "partnerCompany",
  "problem", "whyNow", "urgency", "expectedNextStep", "requestedBy",
] as const;
export type BriefFieldKey = (typeof BRIEF_FIELDS)[number];

export interface StoredField {
  value: string | null;
  evidence: { quote: string; source: "body" | "header" | "signature" } | null;
  confidence: number;
  /** Actor id of the person who set the value by hand; null while the value is the extracted one. */
  editedBy: string | null;
  editedAt: string | null;
  /** The extracted value, kept when a person overrides it. */
  extractedValue?: string | null;
}

export interface StoredBrief {
  version: 1;
  fields: Record<BriefFieldKey, StoredField>;
  introducedBy: { name: string | null; email: string | null };
  introducedOn: string | null;
  language: string | null;
}

const toStored = (f: Field<string | null>): StoredField => ({
  value: f.value, evidence: f.evidence ? { quote: f.evidence.quote, source: f.evidence.source } : null,
  confidence: Math.round(f.confidence * 100) / 100, editedBy: null, editedAt: null,
});

export function toStoredBrief(b: DealBrief): StoredBrief {
  return {
    version: 1,
    fields: {
      "buyerContact.name": toStored(b.buyerContact.name), "buyerContact.email": toStored(b.buyerContact.email),
      "buyerContact.title": toStored(b.buyerContact.title), buyerCompany: toStored(b.buyerCompany),
      "partnerContact.name": toStored(b.partnerContact.name), "partnerContact.email": toStored(b.partnerContact.email),
      partnerCompany: toStored(b.partnerCompany), problem: toStored(b.problem), whyNow: toStored(b.whyNow),
      urgency: toStored(b.urgency), expectedNextStep: toStored(b.expectedNextStep), requestedBy: toStored(b.requestedBy),
    },
    introducedBy: b.introducedBy, introducedOn: b.introducedOn, language: b.language,
  };
}

/** A person's value wins over the extraction; the evidence stays, so the panel can show both. */
export function applyBriefEdit(brief: StoredBrief, edit: { field: BriefFieldKey; value: string | null; by: string; at: Date }): StoredBrief {
  const before = brief.fields[edit.field];
  const extractedValue = before.editedBy ? (before.extractedValue ?? null) : before.value;
  return {
    ...brief,
    fields: { ...brief.fields, [edit.field]: { ...before, value: edit.value, editedBy: edit.by, editedAt: edit.at.toISOString(), extractedValue } },
  };
}

export const briefValue = (b: StoredBrief, key: BriefFieldKey): string | null => b.fields[key]?.value ?? null;
