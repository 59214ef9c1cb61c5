// GET /api/deals/:id in one statement: the deal, its people and its conversations (with speakers). The database
// builds the two long lists as JSON text; they go into the response as they are (after one compaction, remembered),
// so a view costs one round trip and no per-row work in Node; the finished body is remembered until the next write.
import { CompiledQuery } from "kysely";
import { ChangeCache } from "../../db/change-feed.ts";
import type { Deps } from "../../shared/deps.ts";
import { notFound } from "../../shared/errors.ts";
import { toDeal, type DealColumns } from "./deals.repo.ts";
import type { Deal } from "./deals.schemas.ts";

type D = Pick<Deps, "db">;

/** The same keys, order and formats as ConversationSummary / Person (src/modules/conversations, src/modules/directory). */
const DEAL_PAGE_SQL = `
SELECT d.id, d.slug, d.name, d.stage, d.motion, d.amount, d.currency, d.timezone, d.updated_at,
  b.id AS buyer_id, b.name AS buyer_name, o.id AS owner_id, o.name AS owner_name,
  bo.id AS backup_id, bo.name AS backup_name, po.id AS partner_owner_id, po.name AS partner_owner_name,
  coalesce(pp.list, '[]'::json) AS partners,
  cc.n AS conversation_count, cc.last_at AS last_conversation_at, cc.list::text AS conversations,
  ws.id AS workspace_id, pe.list::text AS people
FROM deals d
LEFT JOIN organisations b ON b.id = d.buyer_org_id
LEFT JOIN people o ON o.id = d.owner_id
LEFT JOIN people bo ON bo.id = d.backup_owner_id
LEFT JOIN people po ON po.id = d.partner_owner_id
LEFT JOIN LATERAL (SELECT w.id FROM workspaces w ORDER BY w.created_at LIMIT 1) ws ON true
LEFT JOIN LATERAL (
  SELECT json_agg(json_build_object('id', x.id, 'name', x.name) ORDER BY x.name) AS list
  FROM deal_partners dp JOIN organisations x ON x.id = dp.org_id WHERE dp.deal_id = d.id
) pp ON true
LEFT JOIN LATERAL (
  SELECT count(*) AS n, max(c.started_at) AS last_at,
    coalesce(json_agg(json_build_object(
      'id', c.id, 'kind', c.kind, 'title', c.title, 'sourceFile', c.source_file,
      'startedAt', to_char(c.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'durationMs', c.duration_ms, 'sourceFormat', c.source_format, 'language', c.language,
      'utteranceCount', c.utterance_count, 'isInternal', c.is_internal, 'heldForConsent', c.held_for_consent, 'speakers', coalesce(sp.list, '[]'::json)
    ) ORDER BY c.started_at, c.source_file, c.id), '[]'::json) AS list
  FROM conversations c
  LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object('label', s.label, 'personId', s.person_id, 'name', sp.name, 'side', s.side,
      'consent', s.consent, 'method', s.method) ORDER BY s.label) AS list
    FROM conversation_speakers s LEFT JOIN people sp ON sp.id = s.person_id WHERE s.conversation_id = c.id
  ) sp ON true
  -- $2: the partner view, which never sees (nor counts) conversations kept internal as a whole, nor calls held until
  -- every speaker's recording consent is recorded.
  WHERE c.deal_id = d.id AND NOT ((c.is_internal OR c.held_for_consent) AND $2::boolean)
) cc ON true
LEFT JOIN LATERAL (
  SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'emails', p.emails, 'phones', p.phones,
    'title', p.title, 'orgId', p.org_id, 'orgName', org.name, 'side', org.side) ORDER BY p.name, p.id), '[]'::json) AS list
  FROM deal_people dpp JOIN people p ON p.id = dpp.person_id LEFT JOIN organisations org ON org.id = p.org_id
  WHERE dpp.deal_id = d.id AND p.workspace_id = ws.id
) pe ON true
WHERE d.id = $1 OR d.slug = $1`;

type DealPageRow = DealColumns & { conversations: string; workspace_id: string | null; people: string };

/**
 * PostgreSQL prints json with spaces (`"id" : …, `); the API answers compact JSON, byte for byte what
 * JSON.stringify makes of the same objects. The compacted text is remembered by the text it came from: an
 * unchanged deal (the usual case between two views) costs a string comparison, not a parse and a stringify.
 */
const compacted = new Map<string, string>();
let compactedChars = 0;
const MAX_COMPACTED_CHARS = 4_000_000;
function compactJson(text: string): string {
  const hit = compacted.get(text);
  if (hit !== undefined) {
    compacted.delete(text);
    compacted.set(text, hit); // most recently used last
    return hit;
  }
  const out = JSON.stringify(JSON.parse(text));
  if (text.length + out.length > MAX_COMPACTED_CHARS) return out;
  compacted.set(text, out);
  compactedChars += text.length + out.length;
  for (const [k, v] of compacted) {
    if (compactedChars <= MAX_COMPACTED_CHARS) break;
    compacted.delete(k);
    compactedChars -= k.length + v.length;
  }
  return out;
}

export interface DealPage {
  deal: Deal;
  /** JSON text of Person[] (ordered by name). */
  peopleJson: string;
  /** JSON text of ConversationSummary[] (ordered by start), without internal ones in the partner view. */
  conversationsJson: string;
}

/**
 * The deal page by id or slug. `partnerView`: conversations kept internal as a whole are left out of the list
 * and of the deal's conversationCount and lastConversationAt.
 */
export async function findDealPage(deps: D, idOrSlug: string, opts: { partnerView: boolean }): Promise<DealPage> {
  const r = (await deps.db.executeQuery<DealPageRow>(CompiledQuery.raw(DEAL_PAGE_SQL, [idOrSlug, opts.partnerView]))).rows[0];
  if (!r) throw notFound(`Deal ${idOrSlug}`);
  if (!r.workspace_id) throw notFound("Workspace");
  return { deal: toDeal(r), peopleJson: compactJson(r.people), conversationsJson: compactJson(r.conversations) };
}

/** `{ deal, people, conversations }` as JSON text. */
export function dealPageBody(p: DealPage): string {
  return `{"deal":${JSON.stringify(p.deal)},"people":${p.peopleJson},"conversations":${p.conversationsJson}}`;
}

/** At most 50 pages of at most 512 KB each (a page of 50 conversations is ~60 KB). */
const pages = new ChangeCache<Uint8Array<ArrayBuffer>>(50);
const MAX_PAGE_BYTES = 512 * 1024;
const utf8 = new TextEncoder();
/**
 * The response body of GET /api/deals/:id as UTF-8 bytes, remembered until the next change to the database
 * (src/db/change-feed.ts): a deal page is read far more often than anything on it changes, and encoding a large
 * answer on every send was a tenth of the server's time. Access is checked before this, per request.
 */
export function getDealPageBytes(deps: D, idOrSlug: string, opts: { partnerView: boolean }): Promise<Uint8Array<ArrayBuffer>> {
  return pages.get(deps.db, `${opts.partnerView ? "partner" : "staff"}:${idOrSlug}`,
    async () => utf8.encode(dealPageBody(await findDealPage(deps, idOrSlug, opts))), (body) => body.byteLength <= MAX_PAGE_BYTES);
}
