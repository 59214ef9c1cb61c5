// SQL for speakers after a conversation is stored: mapping a label to a person, recording consent,
// duplicate recordings merged into one conversation, conversations held for consent, proposed people.
import { sql } from "kysely";
import "../../db/schema-ingest.ts";
import type { Deps } from "../../shared/deps.ts";
import type { Side } from "../../shared/sides.ts";
import { DECLINED_MARKER, type ConsentStatus } from "./consent.ts";

type D = Pick<Deps, "db">;

/** One file merged into a canonical conversation (conversations.merged_from). */
export interface MergedSource {
  file: string; format: string; contentHash: string; speakerLabels: string[];
  /** Canonical label → person taken from this file's speakers. */
  speakersMapped: Record<string, string>;
  score: number; mergedAt: string;
}

/**
 * The conversation of this deal that holds these bytes: stored from them (content_hash) or merged from them
 * (merged_from), the stored one first.
 */
export async function findConversationWithContent(deps: D, dealId: string, contentHash: string) {
  return deps.db.selectFrom("conversations").select(["id", "source_file"]).where("deal_id", "=", dealId)
    .where((eb) => eb.or([eb("content_hash", "=", contentHash), sql<boolean>`merged_from @> ${JSON.stringify([{ contentHash }])}::jsonb`]))
    .orderBy(sql`content_hash = ${contentHash}`, "desc").orderBy("id").limit(1).executeTakeFirst();
}

/** Conversations of one kind in a deal, the candidates a new recording may duplicate. */
export async function listDuplicateCandidates(deps: D, dealId: string, kind: "call" | "email" | "notes") {
  const rows = await deps.db.selectFrom("conversations").select(["id", "started_at", "source_file", "duration_ms"])
    .where("deal_id", "=", dealId).where("kind", "=", kind).where("role", "is", null).orderBy("started_at").execute();
  return rows.map((r) => ({ id: r.id, startedAt: new Date(r.started_at).toISOString(), sourceFile: r.source_file, durationMs: Number(r.duration_ms) }));
}

export async function appendMergedFrom(deps: D, conversationId: string, source: MergedSource) {
  await deps.db.updateTable("conversations").set({ merged_from: sql<unknown[]>`merged_from || ${JSON.stringify([source])}::jsonb` })
    .where("id", "=", conversationId).execute();
}

export async function listMergedFrom(deps: D, conversationId: string): Promise<MergedSource[]> {
  const r = await deps.db.selectFrom("conversations").select("merged_from").where("id", "=", conversationId).executeTakeFirst();
  return (r?.merged_from ?? []) as MergedSource[];
}

export interface StoredSpeaker {
  conversationId: string; label: string; personId: string | null; name: string | null; side: Side | null;
  method: string; confidence: number; consent: ConsentStatus; consentEvidence: unknown;
}

function speakerSelect(deps: D) {
  return deps.db.selectFrom("conversation_speakers as s").leftJoin("people as p", "p.id", "s.person_id")
    .select(["s.conversation_id", "s.label", "s.person_id", "p.name", "s.side", "s.method", "s.confidence", "s.consent", "s.consent_evidence"]);
}
type SpeakerRow = { conversation_id: string; label: string; person_id: string | null; name: string | null; side: Side | null; method: string; confidence: number; consent: ConsentStatus; consent_evidence: unknown };
const speakerRow = (r: SpeakerRow): StoredSpeaker => ({
  conversationId: r.conversation_id, label: r.label, personId: r.person_id, name: r.name, side: r.side,
  method: r.method, confidence: Number(r.confidence), consent: r.consent, consentEvidence: r.consent_evidence,
});

export async function listConversationSpeakers(deps: D, conversationId: string): Promise<StoredSpeaker[]> {
  return (await speakerSelect(deps).where("s.conversation_id", "=", conversationId).orderBy("s.label").execute()).map(speakerRow);
}

export async function findConversationSpeaker(deps: D, conversationId: string, label: string): Promise<StoredSpeaker | null> {
  const r = await speakerSelect(deps).where("s.conversation_id", "=", conversationId).where("s.label", "=", label).executeTakeFirst();
  return r ? speakerRow(r) : null;
}

/** Every speaker of a deal's conversations, unresolved first. */
export async function listDealSpeakers(deps: D, dealId: string) {
  const rows = await speakerSelect(deps).innerJoin("conversations as c", "c.id", "s.conversation_id")
    .select(["c.title", "c.started_at", "c.source_file"]).where("c.deal_id", "=", dealId)
    .orderBy(sql`CASE WHEN s.person_id IS NULL THEN 0 ELSE 1 END`).orderBy("c.started_at").orderBy("s.label").execute();
  return rows.map((r) => ({ ...speakerRow(r), conversationTitle: r.title, sourceFile: r.source_file, startedAt: new Date(r.started_at).toISOString() }));
}

/** Sets a label's person and side on the speaker row and on every utterance of that label. */
export async function setSpeakerPerson(deps: D, s: { conversationId: string; label: string; personId: string; side: Side | null; method: string; confidence: number }) {
  await deps.db.updateTable("conversation_speakers").set({ person_id: s.personId, side: s.side, method: s.method, confidence: s.confidence })
    .where("conversation_id", "=", s.conversationId).where("label", "=", s.label).execute();
  const r = await deps.db.updateTable("utterances").set({ person_id: s.personId, side: s.side })
    .where("conversation_id", "=", s.conversationId).where("speaker_label", "=", s.label).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Records one speaker's consent; a refusal also replaces that speaker's stored words. */
export async function setSpeakerConsent(deps: D, s: { conversationId: string; label: string; status: ConsentStatus; evidence: unknown }) {
  await deps.db.updateTable("conversation_speakers").set({ consent: s.status, consent_evidence: JSON.stringify(s.evidence) })
    .where("conversation_id", "=", s.conversationId).where("label", "=", s.label).execute();
  if (s.status === "declined") {
    await deps.db.updateTable("utterances").set({ text: DECLINED_MARKER })
      .where("conversation_id", "=", s.conversationId).where("speaker_label", "=", s.label).execute();
  }
}

export async function setHeldForConsent(deps: D, conversationId: string, held: boolean) {
  await deps.db.updateTable("conversations").set({ held_for_consent: held }).where("id", "=", conversationId).execute();
}

export interface NewProposedPerson { id: string; dealId: string; conversationId: string; label: string; name: string; evidence: { seq: number; quote: string } | null }
export async function insertProposedPeople(deps: D, rows: NewProposedPerson[]) {
  if (!rows.length) return;
  await deps.db.insertInto("proposed_people").values(rows.map((r) => ({
    id: r.id, deal_id: r.dealId, conversation_id: r.conversationId, label: r.label, name: r.name,
    evidence: r.evidence == null ? null : JSON.stringify(r.evidence),
  }))).onConflict((oc) => oc.columns(["conversation_id", "label"]).doNothing()).execute();
}

export async function listProposedPeople(deps: D, dealId: string) {
  const rows = await deps.db.selectFrom("proposed_people as pp").innerJoin("conversations as c", "c.id", "pp.conversation_id")
    .select(["pp.id", "pp.conversation_id", "pp.label", "pp.name", "pp.evidence", "pp.status", "pp.person_id", "c.title"])
    .where("pp.deal_id", "=", dealId).orderBy("pp.status").orderBy("pp.name").execute();
  return rows.map((r) => ({
    id: r.id, conversationId: r.conversation_id, conversationTitle: r.title, label: r.label, name: r.name,
    evidence: r.evidence, status: r.status, personId: r.person_id,
  }));
}

/** A proposal is settled once its label is mapped to a person. */
export async function acceptProposedPerson(deps: D, conversationId: string, label: string, personId: string) {
  await deps.db.updateTable("proposed_people").set({ status: "accepted", person_id: personId })
    .where("conversation_id", "=", conversationId).where("label", "=", label).where("status", "=", "proposed").execute();
}
