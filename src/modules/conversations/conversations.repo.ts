import { sql } from "kysely";
import type { Deps } from "../../shared/deps.ts";
import type { Side } from "../../shared/sides.ts";
import "../../db/schema-ingest.ts";
import "../../db/schema-partner-access.ts";

type D = Pick<Deps, "db">;

export interface NewUtterance {
  seq: number; speakerLabel: string | null; personId: string | null; side: Side | null;
  startMs: number; endMs: number; line: number; text: string;
}
export interface NewSpeaker {
  label: string; personId: string | null; side: Side | null; method: string; confidence: number;
  consent: "granted" | "declined" | "unknown"; consentEvidence: unknown;
}
export interface NewConversation {
  id: string; dealId: string; kind: "call" | "email" | "notes"; role: "intro" | null; title: string; sourceFile: string | null; sourceFormat: string;
  startedAt: Date; durationMs: number; contentHash: string; language: string | null; languages: Record<string, unknown>;
  email: unknown | null;
  /** Stored but not processed until every speaker's consent is recorded (workspace policy requireConsent). */
  heldForConsent?: boolean;
}

export async function findConversationByHash(deps: D, dealId: string, contentHash: string) {
  return deps.db.selectFrom("conversations").select(["id", "source_file"]).where("deal_id", "=", dealId).where("content_hash", "=", contentHash).executeTakeFirst();
}

export async function insertConversation(deps: D, c: NewConversation, speakers: NewSpeaker[], utterances: NewUtterance[]) {
  await deps.db.insertInto("conversations").values({
    id: c.id, deal_id: c.dealId, kind: c.kind, role: c.role, title: c.title, source_file: c.sourceFile, source_format: c.sourceFormat,
    started_at: c.startedAt, duration_ms: c.durationMs, content_hash: c.contentHash, language: c.language,
    languages: JSON.stringify(c.languages), email: c.email == null ? null : JSON.stringify(c.email), merged_from: "[]",
    utterance_count: utterances.length, held_for_consent: c.heldForConsent ?? false,
  }).execute();
  if (speakers.length) {
    await deps.db.insertInto("conversation_speakers").values(speakers.map((s) => ({
      conversation_id: c.id, label: s.label, person_id: s.personId, side: s.side, method: s.method, confidence: s.confidence,
      consent: s.consent, consent_evidence: s.consentEvidence == null ? null : JSON.stringify(s.consentEvidence),
    }))).execute();
  }
  // One statement with one array per column (unnest): a VALUES list of 9 parameters per row costs PostgreSQL
  // (and PGlite's protocol layer) far more to parse and bind, and needs chunking below the 65k parameter limit.
  if (utterances.length) {
    const col = <T>(f: (u: NewUtterance) => T) => utterances.map(f);
    await sql`INSERT INTO utterances (conversation_id, seq, speaker_label, person_id, side, start_ms, end_ms, line, text)
      SELECT ${c.id}, * FROM unnest(${col((u) => u.seq)}::int[], ${col((u) => u.speakerLabel)}::text[], ${col((u) => u.personId)}::text[],
        ${col((u) => u.side)}::text[], ${col((u) => u.startMs)}::int[], ${col((u) => u.endMs)}::int[], ${col((u) => u.line)}::int[], ${col((u) => u.text)}::text[])`
      .execute(deps.db);
  }
}

export interface ConversationSummary {
  id: string; kind: "call" | "email" | "notes"; title: string; sourceFile: string | null; startedAt: string; durationMs: number;
  sourceFormat: string; language: string | null; utteranceCount: number;
  /** Kept from partner users as a whole (our own notes). */
  isInternal: boolean;
  /** Stored but not processed until every speaker's recording consent is recorded (workspace policy requireConsent). */
  heldForConsent: boolean;
  speakers: Array<{ label: string; personId: string | null; name: string | null; side: Side | null; consent: string; method: string }>;
}

export async function listConversationSummaries(deps: D, dealId: string): Promise<ConversationSummary[]> {
  // One flat join grouped here, not a json_agg subquery per conversation: one round trip, and several times
  // cheaper to run on PGlite and PostgreSQL.
  const rows = await deps.db.selectFrom("conversations as c").leftJoin("conversation_speakers as s", "s.conversation_id", "c.id")
    .leftJoin("people as p", "p.id", "s.person_id").where("c.deal_id", "=", dealId)
    .select(["c.id", "c.kind", "c.title", "c.source_file", "c.started_at", "c.duration_ms", "c.source_format", "c.language", "c.utterance_count as n", "c.is_internal", "c.held_for_consent",
      "s.label", "s.person_id", "p.name", "s.side", "s.consent", "s.method"])
    .orderBy("c.started_at").orderBy("c.source_file").orderBy("c.id").orderBy("s.label").execute();
  const out: ConversationSummary[] = [];
  for (const r of rows) {
    let last = out[out.length - 1];
    if (last?.id !== r.id) {
      last = {
        id: r.id, kind: r.kind, title: r.title, sourceFile: r.source_file, startedAt: new Date(r.started_at).toISOString(),
        durationMs: r.duration_ms, sourceFormat: r.source_format, language: r.language, utteranceCount: Number(r.n), isInternal: r.is_internal, heldForConsent: r.held_for_consent, speakers: [],
      };
      out.push(last);
    }
    if (r.label != null) last.speakers.push({ label: r.label, personId: r.person_id, name: r.name, side: r.side, consent: r.consent!, method: r.method! });
  }
  return out;
}

export async function findConversation(deps: D, id: string) {
  const r = await deps.db.selectFrom("conversations as c").innerJoin("deals as d", "d.id", "c.deal_id")
    .select(["c.id", "c.deal_id", "c.kind", "c.role", "c.title", "c.source_file", "c.started_at", "c.duration_ms", "c.source_format", "c.language", "c.languages", "c.email", "c.held_for_consent", "c.is_internal", "d.timezone"])
    .where("c.id", "=", id).executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id, dealId: r.deal_id, kind: r.kind, role: r.role, title: r.title, sourceFile: r.source_file, startedAt: new Date(r.started_at).toISOString(),
    durationMs: r.duration_ms, sourceFormat: r.source_format, language: r.language, languages: r.languages, email: r.email, timezone: r.timezone,
    heldForConsent: r.held_for_consent, isInternal: r.is_internal,
  };
}

/** A deal's conversations in time order, with what extraction reads of each (one statement). */
export async function listConversationsToExtract(deps: D, dealId: string) {
  const rows = await deps.db.selectFrom("conversations as c").where("c.deal_id", "=", dealId)
    .select(["c.id", "c.kind", "c.role", "c.source_file", "c.started_at", "c.language", "c.email", "c.held_for_consent"])
    .orderBy("c.started_at").orderBy("c.source_file").orderBy("c.id").execute();
  return rows.map((r) => ({
    id: r.id, kind: r.kind, role: r.role, sourceFile: r.source_file, startedAt: new Date(r.started_at).toISOString(), language: r.language,
    email: r.email, heldForConsent: r.held_for_consent,
  }));
}

export interface StoredUtterance { seq: number; speakerLabel: string | null; personId: string | null; speakerName: string | null; side: Side | null; startMs: number; endMs: number; text: string; isInternal: boolean }
export async function listUtterances(deps: D, conversationId: string): Promise<StoredUtterance[]> {
  const rows = await deps.db.selectFrom("utterances as u").leftJoin("people as p", "p.id", "u.person_id")
    .select(["u.seq", "u.speaker_label", "u.person_id", "p.name", "u.side", "u.start_ms", "u.end_ms", "u.text", "u.is_internal"])
    .where("u.conversation_id", "=", conversationId).orderBy("u.seq").execute();
  return rows.map((r) => ({ seq: r.seq, speakerLabel: r.speaker_label, personId: r.person_id, speakerName: r.name ?? r.speaker_label, side: r.side, startMs: r.start_ms, endMs: r.end_ms, text: r.text, isInternal: r.is_internal }));
}

/** Per conversation and side: talk time and questions asked (utterances ending in "?"). */
export async function listSideTalkStats(deps: D, dealId: string) {
  const rows = await deps.db.selectFrom("utterances as u").innerJoin("conversations as c", "c.id", "u.conversation_id")
    .where("c.deal_id", "=", dealId).where("u.side", "is not", null)
    .select(["u.conversation_id", "u.side",
      sql<string>`sum(greatest(u.end_ms - u.start_ms, 0))`.as("talk_ms"),
      sql<string>`count(*) FILTER (WHERE u.text LIKE '%?')`.as("questions")])
    .groupBy(["u.conversation_id", "u.side"]).execute();
  return rows.map((r) => ({ conversationId: r.conversation_id, side: r.side as Side, talkMs: Number(r.talk_ms), questions: Number(r.questions) }));
}

/** Seq range of a conversation; both ends inclusive, either open. */
export interface SeqRange { fromSeq?: number; toSeq?: number }

/** Marks utterances of a conversation internal (kept from partner users) or shared again; returns how many changed. */
export async function setUtterancesInternal(deps: D, conversationId: string, range: SeqRange, internal: boolean): Promise<number> {
  let q = deps.db.updateTable("utterances").set({ is_internal: internal }).where("conversation_id", "=", conversationId).where("is_internal", "!=", internal);
  if (range.fromSeq != null) q = q.where("seq", ">=", range.fromSeq);
  if (range.toSeq != null) q = q.where("seq", "<=", range.toSeq);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Marks a whole conversation internal (e.g. our own notes) or shared again. */
export async function setConversationInternal(deps: D, conversationId: string, internal: boolean): Promise<void> {
  await deps.db.updateTable("conversations").set({ is_internal: internal }).where("id", "=", conversationId).execute();
}

/** What partner users must not see of some conversations: whole internal conversations and internal utterance seqs. */
export interface InternalIndex { conversations: Set<string>; seqs: Map<string, Set<number>> }
export async function loadInternalIndex(deps: D, filter: { dealId?: string; conversationIds?: string[] }): Promise<InternalIndex> {
  const out: InternalIndex = { conversations: new Set(), seqs: new Map() };
  if (filter.conversationIds && !filter.conversationIds.length) return out;
  let convs = deps.db.selectFrom("conversations").select("id").where("is_internal", "=", true);
  let utts = deps.db.selectFrom("utterances as u").innerJoin("conversations as c", "c.id", "u.conversation_id")
    .select(["u.conversation_id", "u.seq"]).where("u.is_internal", "=", true);
  if (filter.dealId) { convs = convs.where("deal_id", "=", filter.dealId); utts = utts.where("c.deal_id", "=", filter.dealId); }
  if (filter.conversationIds) { convs = convs.where("id", "in", filter.conversationIds); utts = utts.where("u.conversation_id", "in", filter.conversationIds); }
  const [cs, us] = await Promise.all([convs.execute(), utts.execute()]);
  for (const c of cs) out.conversations.add(c.id);
  for (const u of us) (out.seqs.get(u.conversation_id) ?? out.seqs.set(u.conversation_id, new Set()).get(u.conversation_id)!).add(u.seq);
  return out;
}

/** True when the words at (conversation, seq) are kept from partner users. */
export const isInternalAt = (index: InternalIndex, conversationId: string | null | undefined, seq?: number | null) =>
  conversationId != null && (index.conversations.has(conversationId) || (seq != null && (index.seqs.get(conversationId)?.has(seq) ?? false)));
