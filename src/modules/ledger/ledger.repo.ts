// SQL for the ledger's tables (ledger_events, ledger_walks), plus one bulk read of the rows the ledger folds.
import { sql } from "kysely";
import type {} from "../../db/schema-ledger.ts";
import type {} from "../../db/schema-partner-access.ts";
import type { Deps } from "../../shared/deps.ts";
import type { Side } from "../../shared/sides.ts";
import type { CommitmentIn, FulfilmentIn, LedgerConversation, LedgerEventIn, LedgerEventType } from "./ledger.ts";

type D = Pick<Deps, "db">;
const iso = (d: Date | string) => new Date(d).toISOString();

export interface RiskIn {
  itemId: string; dealId: string; conversation: LedgerConversation; type: string | null; text: string | null;
  seq: number; atMs: number; speaker: string | null; quote: string; recordedAt: string;
}
export interface LedgerSources { commitments: CommitmentIn[]; fulfilments: FulfilmentIn[]; risks: RiskIn[]; events: LedgerEventIn[] }

/**
 * Everything the ledger folds for some deals, in four queries whatever their number (the weekly walk reads
 * 200 deals at once). Conversations and items belong to their modules; this is a read-only projection of
 * the columns the ledger needs, including items.created_at (when a fulfilment or risk became known),
 * which extraction's listItems does not expose.
 */
/** `excludeInternal`: leave out items and conversations kept from partner users (what a partner user may see). */
export async function loadLedgerSources(deps: D, dealIds: string[], opts: { risks?: boolean; excludeInternal?: boolean } = {}): Promise<LedgerSources> {
  if (!dealIds.length) return { commitments: [], fulfilments: [], risks: [], events: [] };
  const kinds = opts.risks ? (["commitment", "fulfilment", "risk"] as const) : (["commitment", "fulfilment"] as const);
  // Only the fields the ledger reads, as text (the items' data also holds long context the ledger never shows);
  // people's corrections (human_data, rare and small) are laid over them here.
  const f = <K extends string>(key: K) => sql<string | null>`data ->> ${sql.lit(key)}`.as(key);
  const [convRows, itemRows, eventRows] = await Promise.all([
    deps.db.selectFrom("conversations").select(["id", "source_file", "title", "started_at"]).where("deal_id", "in", dealIds)
      .$if(opts.excludeInternal === true, (q) => q.where("is_internal", "=", false)).execute(),
    deps.db.selectFrom("items")
      .select(["id", "deal_id", "conversation_id", "kind", "local_id", "utterance_seq", "at_ms", "speaker", "quote", "created_at", "human_data",
        f("text"), f("owner"), f("ownerPersonId"), f("side"), f("due"), f("dueText"), f("ownerUnclear"), f("confidence"), f("commitmentRef"), f("type")])
      .where("deal_id", "in", dealIds).where("kind", "in", [...kinds]).where("review", "!=", "dismissed")
      .$if(opts.excludeInternal === true, (q) => q.where("is_internal", "=", false)).execute(),
    deps.db.selectFrom("ledger_events").selectAll().where("deal_id", "in", dealIds).orderBy("id").execute(),
  ]);
  const convs = new Map<string, LedgerConversation>(convRows.map((r) => [r.id, { id: r.id, file: r.source_file ?? r.id, title: r.title, startedAt: iso(r.started_at) }]));
  const out: LedgerSources = { commitments: [], fulfilments: [], risks: [], events: [] };
  for (const row of itemRows) {
    const conversation = convs.get(row.conversation_id);
    if (!conversation) continue;
    const r = row.human_data ? { ...row, ...corrected(row.human_data) } : row;
    const base = { itemId: r.id, conversation, seq: r.utterance_seq, atMs: r.at_ms, speaker: r.speaker, quote: r.quote, recordedAt: iso(r.created_at) };
    if (r.kind === "commitment") {
      const confidence = r.confidence == null ? null : Number(r.confidence);
      out.commitments.push({
        ...base, dealId: r.deal_id, localId: r.local_id, text: r.text, owner: r.owner, ownerPersonId: r.ownerPersonId,
        side: (r.side ?? null) as Side | null, due: r.due, dueText: r.dueText, ownerUnclear: r.ownerUnclear === "true",
        confidence: Number.isFinite(confidence) ? confidence : null,
      });
    } else if (r.kind === "fulfilment") {
      if (r.commitmentRef) out.fulfilments.push({ ...base, dealId: r.deal_id, commitmentRef: r.commitmentRef });
    } else {
      out.risks.push({ ...base, dealId: r.deal_id, type: r.type, text: r.text });
    }
  }
  out.events = eventRows.map(toEvent);
  return out;
}

const FIELDS = ["text", "owner", "ownerPersonId", "side", "due", "dueText", "ownerUnclear", "confidence", "commitmentRef", "type"] as const;
/** A correction's fields in the same text form as `data ->> key`. */
function corrected(h: Record<string, unknown>): Partial<Record<(typeof FIELDS)[number], string | null>> {
  const out: Partial<Record<(typeof FIELDS)[number], string | null>> = {};
  for (const k of FIELDS) if (k in h) out[k] = h[k] == null ? null : String(h[k]);
  return out;
}

type EventRow = {
  id: string | number; deal_id: string; item_id: string; type: LedgerEventType; actor: string; person_id: string | null; person_name: string | null;
  person_side: Side | null; due: string | null; note: string | null; at: Date | string;
};
const toEvent = (r: EventRow): LedgerEventIn => ({
  id: String(r.id), dealId: r.deal_id, itemId: r.item_id, type: r.type, actor: r.actor, personId: r.person_id, personName: r.person_name,
  personSide: r.person_side, due: r.due, note: r.note, at: iso(r.at),
});

export interface NewLedgerEvent {
  workspaceId: string; dealId: string; itemId: string; type: LedgerEventType; actor: string;
  personId?: string | null; personName?: string | null; personSide?: Side | null; due?: string | null; note?: string | null; at: Date;
}
export async function insertLedgerEvent(deps: D, e: NewLedgerEvent): Promise<LedgerEventIn> {
  const r = await deps.db.insertInto("ledger_events").values({
    workspace_id: e.workspaceId, deal_id: e.dealId, item_id: e.itemId, type: e.type, actor: e.actor, person_id: e.personId ?? null,
    person_name: e.personName ?? null, person_side: e.personSide ?? null, due: e.due ?? null, note: e.note ?? null, at: e.at,
  }).returningAll().executeTakeFirstOrThrow();
  return toEvent(r);
}

export interface StoredWalk { id: string; scope: "deal" | "partner"; scopeId: string; week: string; at: string; summary: Record<string, unknown> }

/** The latest walk of this scope held for an earlier week. */
export async function findPreviousWalk(deps: D, scope: "deal" | "partner", scopeId: string, week: string): Promise<StoredWalk | null> {
  const r = await deps.db.selectFrom("ledger_walks").selectAll().where("scope", "=", scope).where("scope_id", "=", scopeId)
    .where("week", "<", week).orderBy("week", "desc").executeTakeFirst();
  return r ? { id: r.id, scope: r.scope, scopeId: r.scope_id, week: r.week, at: iso(r.at), summary: r.summary } : null;
}

/** Previous walks of many scopes at once (for the workspace job). */
export async function listPreviousWalks(deps: D, week: string): Promise<Map<string, StoredWalk>> {
  const rows = await deps.db.selectFrom("ledger_walks").selectAll().where("week", "<", week).orderBy("week", "asc").execute();
  const out = new Map<string, StoredWalk>();
  for (const r of rows) out.set(`${r.scope}:${r.scope_id}`, { id: r.id, scope: r.scope, scopeId: r.scope_id, week: r.week, at: iso(r.at), summary: r.summary });
  return out;
}

export async function upsertWalk(deps: D, w: { id: string; workspaceId: string; scope: "deal" | "partner"; scopeId: string; week: string; at: Date; summary: Record<string, unknown> }) {
  await deps.db.insertInto("ledger_walks").values({
    id: w.id, workspace_id: w.workspaceId, scope: w.scope, scope_id: w.scopeId, week: w.week, at: w.at, summary: JSON.stringify(w.summary),
  }).onConflict((oc) => oc.columns(["scope", "scope_id", "week"]).doUpdateSet({ at: w.at, summary: JSON.stringify(w.summary) })).execute();
}

/** A deal's name and timezone by id or slug (a read-only projection of deals' row; getDeal's joins cost more than the ledger). */
export async function findDealHead(deps: D, idOrSlug: string): Promise<DealHead | null> {
  const r = await deps.db.selectFrom("deals").select(["id", "slug", "name", "timezone", "owner_id", "backup_owner_id", "partner_owner_id"])
    .where((eb) => eb.or([eb("id", "=", idOrSlug), eb("slug", "=", idOrSlug)])).executeTakeFirst();
  return r ? { id: r.id, slug: r.slug, name: r.name, timezone: r.timezone, ownerIds: [r.owner_id, r.backup_owner_id, r.partner_owner_id].filter((x): x is string => x != null) } : null;
}

export interface DealHead { id: string; slug: string; name: string; timezone: string; ownerIds: string[] }
/** Name, timezone and owners of some deals (a read-only projection of deals' rows, for bulk walks). */
export async function loadDealHeads(deps: D, dealIds: string[]): Promise<DealHead[]> {
  if (!dealIds.length) return [];
  const rows = await deps.db.selectFrom("deals").select(["id", "slug", "name", "timezone", "owner_id", "backup_owner_id", "partner_owner_id"])
    .where("id", "in", dealIds).orderBy("name").execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, timezone: r.timezone, ownerIds: [r.owner_id, r.backup_owner_id, r.partner_owner_id].filter((x): x is string => x != null) }));
}

/** Scopes (`deal:id`, `partner:id`) whose walk for this week is already held. */
export async function listHeldWalkKeys(deps: D, week: string): Promise<Set<string>> {
  const rows = await deps.db.selectFrom("ledger_walks").select(["scope", "scope_id"]).where("week", "=", week).execute();
  return new Set(rows.map((r) => `${r.scope}:${r.scope_id}`));
}
