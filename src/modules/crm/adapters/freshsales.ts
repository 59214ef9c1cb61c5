// Freshsales (Freshworks CRM) adapter: REST with fetch. Docs: https://developers.freshworks.com/crm/api/ —
// base URL <bundle alias>/crm/sales (e.g. https://acme.myfreshworks.com/crm/sales), `Authorization: Token
// token=<api key>`; entities wrapped in their singular name ({ deal: {…} }); contacts upsert by
// unique_identifier { emails }; lookup GET /api/lookup?q=&f=&entities= (exact match on a field, custom
// fields by their cf_ name); selectors /api/selector/owners and /api/selector/deal_stages; notes and tasks
// attach by targetable_type + targetable_id; a task is closed with status 1. Errors: 401 { login: "failed" },
// 4xx { errors: { code, message } }, 429 with Retry-After / x-ratelimit-* (per-hour allowance).
// Idempotency: deals carry Baton's id in the custom field cf_baton_deal_id and are looked up by it before
// anything is created; accounts by id → website → name; contacts upsert on email.
import { CrmError, type CrmAdapter, type CrmConnectionConfig, type CrmIds, type CrmOperation } from "../crm.types.ts";
import { DEFAULT_TIMEOUT_MS, Session, hasNoteLink, hasTaskMarker, mergeIds, taskMarker, noteText, normalizeDomain, planId, requireDeal, requireToken, sendJson, splitName, trimSlash, type AdapterOptions, type PlannedRequest } from "./http.ts";

const VENDOR = "Freshsales";
/** The custom deal field (API name) that holds Baton's deal id. */
export const FRESHSALES_DEAL_ID_FIELD = "cf_baton_deal_id";

function client(conn: CrmConnectionConfig) {
  const base = trimSlash(conn.baseUrl ?? conn.instanceUrl ?? "");
  if (!base) throw new CrmError(`${VENDOR}: the connection has no bundle URL (https://<alias>.myfreshworks.com/crm/sales)`, { retryable: false });
  const token = requireToken(VENDOR, conn);
  return (method: string, path: string, body?: unknown, query?: Record<string, string>): PlannedRequest => {
    const url = new URL(`${base}/api${path}`);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    return { method, url: url.toString(), headers: { Authorization: `Token token=${token}`, Accept: "application/json" }, body };
  };
}

const num = (id: string) => Number(id);

export function createFreshsalesAdapter(options: AdapterOptions = {}): CrmAdapter {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function lookup(s: Session, req: ReturnType<typeof client>, entity: "sales_account" | "contact" | "deal", field: string, value: string): Promise<string | undefined> {
    const plural = `${entity}s`;
    return s.send(`look up ${entity} by ${field}`, req("GET", "/lookup", undefined, { q: value, f: field, entities: entity }),
      (b: Record<string, Record<string, Array<{ id: number }>>>) => { const id = b?.[plural]?.[plural]?.[0]?.id; return id === undefined ? undefined : String(id); }, undefined);
  }

  async function stageId(s: Session, req: ReturnType<typeof client>, stage: string): Promise<number> {
    if (/^\d+$/.test(stage)) return Number(stage);
    const stages = await s.send("list deal stages", req("GET", "/selector/deal_stages"), (b: { deal_stages: Array<{ id: number; name: string }> }) => b.deal_stages ?? [], [{ id: 0, name: stage }]);
    const hit = stages.find((x) => x.name.toLowerCase() === stage.toLowerCase());
    if (!hit) throw new CrmError(`${VENDOR}: no deal stage named "${stage}" (check the stage mapping)`, { retryable: false });
    return hit.id;
  }

  async function run(s: Session, conn: CrmConnectionConfig, op: CrmOperation, known: CrmIds): Promise<{ ids: CrmIds; summary: string }> {
    const req = client(conn);
    if (op.op === "upsert-deal") {
      const done: string[] = [];
      let account = known.account;
      if (!account) {
        const domain = normalizeDomain(op.account.domain);
        account = (domain ? await lookup(s, req, "sales_account", "website", domain) : undefined) ?? await lookup(s, req, "sales_account", "name", op.account.name);
        if (account) done.push(`matched account ${account}`);
        else {
          account = await s.send("create account", req("POST", "/sales_accounts", { sales_account: { name: op.account.name, ...(domain ? { website: domain } : {}) } }), (b) => String(b.sales_account.id), planId("account"));
          done.push(`created account ${account}`);
        }
      }
      const contacts: Record<string, string> = {};
      for (const p of op.contacts) {
        let id = known.contacts?.[p.batonId];
        if (!id) {
          const { first, last } = splitName(p.name);
          const fields: Record<string, unknown> = { first_name: first || null, last_name: last, sales_accounts: [{ id: num(account), is_primary: true }] };
          if (p.title) fields.job_title = p.title;
          id = p.email
            ? await s.send("upsert contact", req("POST", "/contacts/upsert", { unique_identifier: { emails: p.email }, contact: fields }), (b) => String(b.contact.id), planId(`contact ${p.batonId}`))
            : await s.send("create contact", req("POST", "/contacts", { contact: fields }), (b) => String(b.contact.id), planId(`contact ${p.batonId}`));
          done.push(`upserted contact ${id}`);
        }
        contacts[p.batonId] = id;
      }
      const d = op.deal;
      const fields: Record<string, unknown> = { name: d.name, sales_account_id: num(account), contacts_added_list: Object.values(contacts).map(num) };
      if (d.amount !== null) fields.amount = d.amount;
      if (d.closeDate) fields.expected_close = d.closeDate.slice(0, 10);
      if (d.stage) fields.deal_stage_id = await stageId(s, req, d.stage);
      // Freshsales has no standard "next step" field: map it to a cf_ field in the workspace field mapping.
      fields.custom_field = { [FRESHSALES_DEAL_ID_FIELD]: d.batonId, ...d.custom };
      let deal = known.deal ?? await lookup(s, req, "deal", FRESHSALES_DEAL_ID_FIELD, d.batonId);
      if (deal) {
        await s.send("update deal", req("PUT", `/deals/${deal}`, { deal: fields }), () => null, null);
        done.push(`updated deal ${deal}`);
      } else {
        deal = await s.send("create deal", req("POST", "/deals", { deal: fields }), (b) => String(b.deal.id), planId("deal"));
        done.push(`created deal ${deal}`);
      }
      return { ids: mergeIds(known, { account, deal, contacts }), summary: done.join(", ") };
    }

    const deal = requireDeal(VENDOR, known);
    // The deal with its notes and tasks side-loaded: where a retry finds what an earlier, unanswered call wrote.
    const onDeal = () => s.send("read deal notes and tasks", req("GET", `/deals/${deal}`, undefined, { include: "notes,tasks" }),
      (b: { notes?: Array<{ id: number; description?: string | null }>; tasks?: Array<{ id: number; description?: string | null }> }) => b, {} as { notes?: Array<{ id: number; description?: string | null }>; tasks?: Array<{ id: number; description?: string | null }> });
    if (op.op === "upsert-note") {
      const n = op.note;
      const description = noteText(n.title, n.body, n.url);
      const found = known.notes?.[n.batonId] ? undefined : (await onDeal()).notes?.find((x) => hasNoteLink(x.description, n.url))?.id;
      const id = known.notes?.[n.batonId] ?? (found === undefined ? undefined : String(found));
      if (id) {
        await s.send("update note", req("PUT", `/notes/${id}`, { note: { description } }), () => null, null);
        return { ids: mergeIds(known, { notes: { [n.batonId]: id } }), summary: `updated note ${id}` };
      }
      const created = await s.send("create note", req("POST", "/notes", { note: { description, targetable_type: "Deal", targetable_id: num(deal) } }), (b) => String(b.note.id), planId("note"));
      return { ids: mergeIds(known, { notes: { [n.batonId]: created } }), summary: `created note ${created} on deal ${deal}` };
    }

    const t = op.task;
    // Freshsales requires a due date with time; Baton's due dates are days, so due at the end of that day (UTC).
    const due = t.dueDate ? `${t.dueDate.slice(0, 10)}T17:00:00Z` : new Date(Date.now() + 86_400_000).toISOString();
    const description = taskMarker(t.batonId);
    const found = known.tasks?.[t.batonId] ? undefined : (await onDeal()).tasks?.find((x) => hasTaskMarker(x.description, t.batonId))?.id;
    const id = known.tasks?.[t.batonId] ?? (found === undefined ? undefined : String(found));
    if (id) {
      await s.send("update task", req("PUT", `/tasks/${id}`, { task: { title: t.subject, description, due_date: due, status: t.done ? 1 : 0 } }), () => null, null);
      return { ids: mergeIds(known, { tasks: { [t.batonId]: id } }), summary: `${t.done ? "completed" : "updated"} task ${id}` };
    }
    const fields: Record<string, unknown> = { title: t.subject, description, due_date: due, targetable_type: "Deal", targetable_id: num(deal) };
    if (t.done) fields.status = 1;
    if (t.ownerEmail) {
      const owner = await s.send("list owners", req("GET", "/selector/owners"),
        (b: { users?: Array<{ id: number; email: string }> }) => b.users?.find((u) => u.email.toLowerCase() === t.ownerEmail!.toLowerCase())?.id, undefined);
      if (owner !== undefined) fields.owner_id = owner;
    }
    const created = await s.send("create task", req("POST", "/tasks", { task: fields }), (b) => String(b.task.id), planId("task"));
    return { ids: mergeIds(known, { tasks: { [t.batonId]: created } }), summary: `created task ${created} on deal ${deal}` };
  }

  return {
    kind: "freshsales",
    apply: (conn, op, known) => run(new Session(VENDOR, false, timeoutMs), conn, op, known),
    async plan(conn, op, known) { const s = new Session(VENDOR, true, timeoutMs); await run(s, conn, op, known); return s.planned; },
    async check(conn) {
      try {
        const r = await sendJson<{ users?: unknown[] }>(VENDOR, "check", client(conn)("GET", "/selector/owners"), { timeoutMs });
        return { ok: true, detail: `connected; ${r.body?.users?.length ?? 0} users visible` };
      } catch (e) {
        return { ok: false, detail: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}

export const freshsalesAdapter: CrmAdapter = createFreshsalesAdapter();
