// Pipedrive adapter: REST v2 for organizations, persons, deals, stages and activities; v1 for notes and users
// (those have no v2 yet). Auth with the `x-api-token` header, which keeps the token out of URLs and logs.
// Docs: https://developers.pipedrive.com/docs/api/v1 (Notes, Users), https://developers.pipedrive.com/docs/api/v2
// (Organizations, Persons, Deals, Stages, Activities; search endpoints take term/fields/exact_match and return
// data.items[].item with cursor pagination), errors are { success: false, error, error_info }, rate limits
// come as 429 with x-ratelimit-limit / x-ratelimit-remaining / x-ratelimit-reset (seconds).
// Pipedrive has no idempotency keys, so every record is found before it is created.
import { CrmError, type CrmAdapter, type CrmConnectionConfig, type CrmDealFields, type CrmIds, type CrmOperation } from "../crm.types.ts";
import { DEFAULT_TIMEOUT_MS, MAX_SCAN_PAGES, Session, hasNoteLink, hasTaskMarker, mergeIds, noteHtml, taskMarker, planId, requireDeal, requireToken, sendJson, trimSlash, type AdapterOptions, type PlannedRequest } from "./http.ts";

const VENDOR = "Pipedrive";
const DEFAULT_BASE = "https://api.pipedrive.com";

interface SearchAnswer { data: { items: Array<{ item: { id: number; name?: string; title?: string } }> } | null }

const rateLimitResetMs = (h: Headers) => { const v = h.get("x-ratelimit-reset"); return v && /^\d+$/.test(v) ? Number(v) * 1000 : undefined; };

function client(conn: CrmConnectionConfig) {
  const base = trimSlash(conn.baseUrl ?? DEFAULT_BASE);
  const token = requireToken(VENDOR, conn);
  const req = (method: string, path: string, body?: unknown, query?: Record<string, string>): PlannedRequest => {
    const url = new URL(base + path);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    return { method, url: url.toString(), headers: { "x-api-token": token, accept: "application/json" }, body };
  };
  return { req };
}

const firstId = (a: SearchAnswer) => a.data?.items?.[0]?.item?.id;

export function createPipedriveAdapter(options: AdapterOptions = {}): CrmAdapter {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function stageId(s: Session, c: ReturnType<typeof client>, stage: string): Promise<number> {
    if (/^\d+$/.test(stage)) return Number(stage);
    const stages = await s.send("list stages", c.req("GET", "/api/v2/stages", undefined, { limit: "500" }),
      (b: { data: Array<{ id: number; name: string }> }) => b.data ?? [], [{ id: 0, name: stage }]);
    const hit = stages.find((x) => x.name.toLowerCase() === stage.toLowerCase());
    if (!hit) throw new CrmError(`${VENDOR}: no pipeline stage named "${stage}" (check the stage mapping)`, { retryable: false });
    return hit.id;
  }

  async function dealBody(s: Session, c: ReturnType<typeof client>, deal: CrmDealFields, orgId: number, personId: number | undefined) {
    const body: Record<string, unknown> = { title: deal.name, org_id: orgId };
    if (personId !== undefined) body.person_id = personId;
    if (deal.amount !== null) body.value = deal.amount;
    if (deal.currency) body.currency = deal.currency;
    if (deal.closeDate) body.expected_close_date = deal.closeDate.slice(0, 10);
    if (deal.stage) body.stage_id = await stageId(s, c, deal.stage);
    // Pipedrive has no "next step" field; map it to a custom field key in the workspace field mapping.
    if (Object.keys(deal.custom).length) body.custom_fields = deal.custom;
    return body;
  }

  async function run(s: Session, conn: CrmConnectionConfig, op: CrmOperation, known: CrmIds): Promise<{ ids: CrmIds; summary: string }> {
    const c = client(conn);
    const num = (id: string) => Number(id);
    if (op.op === "upsert-deal") {
      const done: string[] = [];
      let account = known.account;
      if (!account) {
        // Organization search covers name, address, notes and custom fields, not a website domain: match by name.
        const found = await s.send("search organization", c.req("GET", "/api/v2/organizations/search", undefined, { term: op.account.name, fields: "name", exact_match: "true", limit: "1" }), firstId, undefined);
        account = found !== undefined ? String(found) : await s.send("create organization", c.req("POST", "/api/v2/organizations", { name: op.account.name }), (b) => String(b.data.id), planId("organization"));
        done.push(found !== undefined ? `matched organization ${account}` : `created organization ${account}`);
      }
      const contacts: Record<string, string> = {};
      for (const p of op.contacts) {
        let id = known.contacts?.[p.batonId];
        if (!id) {
          const found = p.email
            ? await s.send("search person", c.req("GET", "/api/v2/persons/search", undefined, { term: p.email, fields: "email", exact_match: "true", limit: "1" }), firstId, undefined)
            : undefined;
          const body: Record<string, unknown> = { name: p.name, org_id: num(account) };
          if (p.email) body.emails = [{ value: p.email, primary: true, label: "work" }];
          id = found !== undefined ? String(found) : await s.send("create person", c.req("POST", "/api/v2/persons", body), (b) => String(b.data.id), planId(`person ${p.batonId}`));
          done.push(found !== undefined ? `matched person ${id}` : `created person ${id}`);
        }
        contacts[p.batonId] = id;
      }
      const firstPerson = op.contacts[0] ? num(contacts[op.contacts[0].batonId]) : undefined;
      const body = await dealBody(s, c, op.deal, num(account), firstPerson);
      let deal = known.deal;
      if (!deal) {
        const found = await s.send("search deal", c.req("GET", "/api/v2/deals/search", undefined, { term: op.deal.name, fields: "title", exact_match: "true", organization_id: account, limit: "1" }), firstId, undefined);
        if (found !== undefined) deal = String(found);
      }
      if (deal) {
        await s.send("update deal", c.req("PATCH", `/api/v2/deals/${deal}`, body), () => null, null);
        done.push(`updated deal ${deal}`);
      } else {
        deal = await s.send("create deal", c.req("POST", "/api/v2/deals", body), (b) => String(b.data.id), planId("deal"));
        done.push(`created deal ${deal}`);
      }
      return { ids: mergeIds(known, { account, deal, contacts }), summary: done.join(", ") };
    }
    const deal = requireDeal(VENDOR, known);
    if (op.op === "upsert-note") {
      const n = op.note;
      const content = noteHtml(n.title, n.body, n.url);
      const id = known.notes?.[n.batonId] ?? await findNote(s, c, deal, n.url);
      if (id) {
        await s.send("update note", c.req("PUT", `/v1/notes/${id}`, { content }), () => null, null);
        return { ids: mergeIds(known, { notes: { [n.batonId]: id } }), summary: `updated note ${id}` };
      }
      const created = await s.send("create note", c.req("POST", "/v1/notes", { content, deal_id: num(deal) }), (b) => String(b.data.id), planId("note"));
      return { ids: mergeIds(known, { notes: { [n.batonId]: created } }), summary: `created note ${created} on deal ${deal}` };
    }
    const t = op.task;
    const body: Record<string, unknown> = { subject: t.subject, done: t.done, note: taskMarker(t.batonId) };
    if (t.dueDate) body.due_date = t.dueDate.slice(0, 10);
    const id = known.tasks?.[t.batonId] ?? await findActivity(s, c, deal, t.batonId);
    if (id) {
      await s.send("update activity", c.req("PATCH", `/api/v2/activities/${id}`, body), () => null, null);
      return { ids: mergeIds(known, { tasks: { [t.batonId]: id } }), summary: `${t.done ? "closed" : "updated"} activity ${id}` };
    }
    if (t.ownerEmail) {
      const owner = await s.send("find user", c.req("GET", "/v1/users/find", undefined, { term: t.ownerEmail, search_by_email: "1" }),
        (b: { data: Array<{ id: number }> | null }) => b.data?.[0]?.id, undefined);
      if (owner !== undefined) body.owner_id = owner;
    }
    const created = await s.send("create activity", c.req("POST", "/api/v2/activities", { ...body, type: "task", deal_id: num(deal) }), (b) => String(b.data.id), planId("activity"));
    return { ids: mergeIds(known, { tasks: { [t.batonId]: created } }), summary: `created activity ${created} on deal ${deal}` };
  }

  /** The deal's note carrying this Baton link (v1 list, offset pagination). */
  async function findNote(s: Session, c: ReturnType<typeof client>, deal: string, url: string): Promise<string | undefined> {
    let start = 0;
    for (let page = 0; page < MAX_SCAN_PAGES; page++) {
      const r = await s.send("list deal notes", c.req("GET", "/v1/notes", undefined, { deal_id: deal, start: String(start), limit: "100" }),
        (b: { data: Array<{ id: number; content: string }> | null; additional_data?: { pagination?: { more_items_in_collection?: boolean; next_start?: number } } }) => b,
        { data: [] } as { data: Array<{ id: number; content: string }> | null; additional_data?: { pagination?: { more_items_in_collection?: boolean; next_start?: number } } });
      const hit = r.data?.find((x) => hasNoteLink(x.content, url));
      if (hit) return String(hit.id);
      const p = r.additional_data?.pagination;
      if (!p?.more_items_in_collection || p.next_start === undefined) return undefined;
      start = p.next_start;
    }
    return undefined;
  }

  /** The deal's activity Baton created for this task (v2 list, cursor pagination). */
  async function findActivity(s: Session, c: ReturnType<typeof client>, deal: string, batonId: string): Promise<string | undefined> {
    let cursor: string | null = null;
    for (let page = 0; page < MAX_SCAN_PAGES; page++) {
      type Page = { data: Array<{ id: number; note?: string | null }> | null; additional_data?: { next_cursor?: string | null } };
      const r: Page = await s.send("list deal activities", c.req("GET", "/api/v2/activities", undefined, { deal_id: deal, limit: "100", ...(cursor ? { cursor } : {}) }),
        (b: Page) => b, { data: [] } as Page);
      const hit = r.data?.find((x) => hasTaskMarker(x.note, batonId));
      if (hit) return String(hit.id);
      cursor = r.additional_data?.next_cursor ?? null;
      if (!cursor) return undefined;
    }
    return undefined;
  }

  return {
    kind: "pipedrive",
    apply: (conn, op, known) => run(new Session(VENDOR, false, timeoutMs, rateLimitResetMs), conn, op, known),
    async plan(conn, op, known) { const s = new Session(VENDOR, true, timeoutMs); await run(s, conn, op, known); return s.planned; },
    async check(conn) {
      try {
        const r = await sendJson<{ data: { name: string; company_name?: string } }>(VENDOR, "check", client(conn).req("GET", "/v1/users/me"), { timeoutMs, rateLimitResetMs });
        return { ok: true, detail: `connected as ${r.body.data.name}${r.body.data.company_name ? ` (${r.body.data.company_name})` : ""}` };
      } catch (e) {
        return { ok: false, detail: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}

export const pipedriveAdapter: CrmAdapter = createPipedriveAdapter();
