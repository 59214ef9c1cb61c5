// Zoho CRM adapter: REST API v8 with fetch. Docs: https://www.zoho.com/crm/developer/docs/api/v8/ —
// upsert-records.html (POST /{module}/upsert with duplicate_check_fields), search-records.html
// (GET /{module}/search?criteria=(Field:equals:value), 204 when nothing matches), update-records.html
// (PUT /{module}/{id}), create-notes.html (Parent_Id { module: { api_name }, id }), get-users.html
// (users?type=CurrentUser | ActiveUsers, paged by info.more_records), status-codes / response-structure
// (errors { code, details, message, status: "error" }; per-record results in data[] with their own status).
// Auth: `Authorization: Zoho-oauthtoken <token>`; the API host is the data-centre domain (api_domain) the
// OAuth answer gave, e.g. https://www.zohoapis.eu.
// Idempotency: contacts upsert on Email and deals on the unique custom field Baton_Id (create it with
// "Do not allow duplicate values"); accounts are found by id → Website → then upserted on Account_Name.
import { CrmError, type CrmAdapter, type CrmConnectionConfig, type CrmIds, type CrmOperation } from "../crm.types.ts";
import { DEFAULT_TIMEOUT_MS, MAX_SCAN_PAGES, Session, hasNoteLink, hasTaskMarker, mergeIds, taskMarker, noteText, normalizeDomain, planId, requireDeal, requireToken, sendJson, splitName, trimSlash, type AdapterOptions, type PlannedRequest } from "./http.ts";

const VENDOR = "Zoho CRM";
const DEFAULT_BASE = "https://www.zohoapis.com";
/** The unique custom field on Deals that holds Baton's deal id. */
export const ZOHO_DEAL_ID_FIELD = "Baton_Id";

/** A criteria value: ( ) , and \ must be escaped with a backslash (search-records.html). */
export const zohoValue = (v: string) => v.replace(/[\\(),]/g, (c) => `\\${c}`);

interface RecordResult { code: string; status: "success" | "error"; action?: "insert" | "update"; message: string; details: { id?: string } & Record<string, unknown> }

function client(conn: CrmConnectionConfig) {
  const base = trimSlash(conn.baseUrl ?? conn.instanceUrl ?? DEFAULT_BASE);
  const token = requireToken(VENDOR, conn);
  return (method: string, path: string, body?: unknown, query?: Record<string, string>): PlannedRequest => {
    const url = new URL(`${base}/crm/v8${path}`);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    return { method, url: url.toString(), headers: { Authorization: `Zoho-oauthtoken ${token}` }, body };
  };
}

/** Zoho answers 2xx for a batch even when a record failed; each record carries its own status. */
function firstResult(what: string, body: { data?: RecordResult[] }): RecordResult {
  const r = body?.data?.[0];
  if (!r || r.status !== "success" || !r.details?.id) {
    // A rejected record (validation, mandatory field): retrying the same data cannot help.
    throw new CrmError(`${VENDOR} ${what} failed: ${r?.code ?? "no result"} ${r?.message ?? ""}`.trim(), { retryable: false, body: JSON.stringify(body) });
  }
  return r;
}

const dryResult = (what: string, action: "insert" | "update" = "insert"): RecordResult => ({ code: "SUCCESS", status: "success", action, message: "", details: { id: planId(what) } });
const firstId = (b: { data?: Array<{ id: string }> } | null) => b?.data?.[0]?.id;

export function createZohoAdapter(options: AdapterOptions = {}): CrmAdapter {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function findUser(s: Session, req: ReturnType<typeof client>, email: string): Promise<string | undefined> {
    // No user search by e-mail in v8: page through the active users.
    for (let page = 1; page <= 10; page++) {
      const r = await s.send("list users", req("GET", "/users", undefined, { type: "ActiveUsers", page: String(page), per_page: "200" }),
        (b: { users?: Array<{ id: string; email: string }>; info?: { more_records?: boolean } } | null) => b, null);
      const hit = r?.users?.find((u) => u.email.toLowerCase() === email.toLowerCase());
      if (hit) return hit.id;
      if (!r?.info?.more_records) return undefined;
    }
    return undefined;
  }

  async function run(s: Session, conn: CrmConnectionConfig, op: CrmOperation, known: CrmIds): Promise<{ ids: CrmIds; summary: string }> {
    const req = client(conn);
    if (op.op === "upsert-deal") {
      const done: string[] = [];
      let account = known.account;
      if (!account) {
        const domain = normalizeDomain(op.account.domain);
        if (domain) account = await s.send("search account", req("GET", "/Accounts/search", undefined, { criteria: `(Website:equals:${zohoValue(domain)})` }), firstId, undefined);
        if (account) done.push(`matched account ${account}`);
        else {
          const r = await s.send("upsert account", req("POST", "/Accounts/upsert", { data: [{ Account_Name: op.account.name, ...(domain ? { Website: domain } : {}) }], duplicate_check_fields: ["Account_Name"] }),
            (b) => firstResult("upsert account", b), dryResult("account"));
          account = r.details.id!;
          done.push(`${r.action === "update" ? "matched" : "created"} account ${account}`);
        }
      }
      const contacts: Record<string, string> = {};
      for (const p of op.contacts) {
        let id = known.contacts?.[p.batonId];
        if (!id) {
          const { first, last } = splitName(p.name);
          const rec: Record<string, unknown> = { First_Name: first || null, Last_Name: last, Account_Name: { id: account } };
          if (p.email) rec.Email = p.email;
          if (p.title) rec.Title = p.title;
          // With an e-mail the upsert matches an existing contact; without one Zoho has nothing to match on.
          const r = p.email
            ? await s.send("upsert contact", req("POST", "/Contacts/upsert", { data: [rec], duplicate_check_fields: ["Email"] }), (b) => firstResult("upsert contact", b), dryResult(`contact ${p.batonId}`))
            : await s.send("create contact", req("POST", "/Contacts", { data: [rec] }), (b) => firstResult("create contact", b), dryResult(`contact ${p.batonId}`));
          id = r.details.id!;
          done.push(`${r.action === "update" ? "matched" : "created"} contact ${id}`);
        }
        contacts[p.batonId] = id;
      }
      const d = op.deal;
      const rec: Record<string, unknown> = { Deal_Name: d.name, Account_Name: { id: account }, [ZOHO_DEAL_ID_FIELD]: d.batonId };
      if (op.contacts[0]) rec.Contact_Name = { id: contacts[op.contacts[0].batonId] };
      if (d.stage) rec.Stage = d.stage;
      if (d.amount !== null) rec.Amount = d.amount;
      if (d.closeDate) rec.Closing_Date = d.closeDate.slice(0, 10);
      if (d.nextStep !== null) rec.Next_Step = d.nextStep;
      Object.assign(rec, d.custom);
      let deal = known.deal;
      if (deal) {
        await s.send("update deal", req("PUT", `/Deals/${deal}`, { data: [rec] }), (b) => firstResult("update deal", b), dryResult("deal", "update"));
        done.push(`updated deal ${deal}`);
      } else {
        const r = await s.send("upsert deal", req("POST", "/Deals/upsert", { data: [rec], duplicate_check_fields: [ZOHO_DEAL_ID_FIELD] }), (b) => firstResult("upsert deal", b), dryResult("deal"));
        deal = r.details.id!;
        done.push(`${r.action === "update" ? "updated" : "created"} deal ${deal}`);
      }
      return { ids: mergeIds(known, { account, deal, contacts }), summary: done.join(", ") };
    }

    const deal = requireDeal(VENDOR, known);
    if (op.op === "upsert-note") {
      const n = op.note;
      const fields = { Note_Title: n.title.slice(0, 120), Note_Content: noteText(n.title, n.body, n.url) };
      const id = known.notes?.[n.batonId] ?? await findNote(s, req, deal, n.url);
      if (id) {
        await s.send("update note", req("PUT", `/Notes/${id}`, { data: [fields] }), (b) => firstResult("update note", b), dryResult("note", "update"));
        return { ids: mergeIds(known, { notes: { [n.batonId]: id } }), summary: `updated note ${id}` };
      }
      const r = await s.send("create note", req("POST", "/Notes", { data: [{ ...fields, Parent_Id: { module: { api_name: "Deals" }, id: deal } }] }), (b) => firstResult("create note", b), dryResult("note"));
      return { ids: mergeIds(known, { notes: { [n.batonId]: r.details.id! } }), summary: `created note ${r.details.id} on deal ${deal}` };
    }

    const t = op.task;
    const fields: Record<string, unknown> = { Subject: t.subject, Status: t.done ? "Completed" : "Not Started", Description: taskMarker(t.batonId) };
    if (t.dueDate) fields.Due_Date = t.dueDate.slice(0, 10);
    const id = known.tasks?.[t.batonId] ?? await s.send("search task", req("GET", "/Tasks/search", undefined, { criteria: `(Subject:equals:${zohoValue(t.subject)})`, per_page: "200" }),
      (b: { data?: Array<{ id: string; Description?: string | null; What_Id?: { id: string } | null }> } | null) => b?.data?.find((x) => x.What_Id?.id === deal && hasTaskMarker(x.Description, t.batonId))?.id, undefined);
    if (id) {
      await s.send("update task", req("PUT", `/Tasks/${id}`, { data: [fields] }), (b) => firstResult("update task", b), dryResult("task", "update"));
      return { ids: mergeIds(known, { tasks: { [t.batonId]: id } }), summary: `${t.done ? "completed" : "updated"} task ${id}` };
    }
    if (t.ownerEmail) {
      const owner = await findUser(s, req, t.ownerEmail);
      if (owner) fields.Owner = { id: owner };
    }
    const r = await s.send("create task", req("POST", "/Tasks", { data: [{ ...fields, What_Id: { id: deal }, $se_module: "Deals" }] }), (b) => firstResult("create task", b), dryResult("task"));
    return { ids: mergeIds(known, { tasks: { [t.batonId]: r.details.id! } }), summary: `created task ${r.details.id} on deal ${deal}` };
  }

  /** The deal's note carrying this Baton link: the Notes related list (v8 needs `fields`; 204 when empty). */
  async function findNote(s: Session, req: ReturnType<typeof client>, deal: string, url: string): Promise<string | undefined> {
    for (let page = 1; page <= MAX_SCAN_PAGES; page++) {
      const r = await s.send("list deal notes", req("GET", `/Deals/${deal}/Notes`, undefined, { fields: "Note_Title,Note_Content", per_page: "200", page: String(page) }),
        (b: { data?: Array<{ id: string; Note_Content?: string | null }>; info?: { more_records?: boolean } } | null) => b, null);
      const hit = r?.data?.find((x) => hasNoteLink(x.Note_Content, url));
      if (hit) return hit.id;
      if (!r?.info?.more_records) return undefined;
    }
    return undefined;
  }

  return {
    kind: "zoho",
    apply: (conn, op, known) => run(new Session(VENDOR, false, timeoutMs), conn, op, known),
    async plan(conn, op, known) { const s = new Session(VENDOR, true, timeoutMs); await run(s, conn, op, known); return s.planned; },
    async check(conn) {
      try {
        const r = await sendJson<{ users?: Array<{ full_name?: string; email?: string }> }>(VENDOR, "check", client(conn)("GET", "/users", undefined, { type: "CurrentUser" }), { timeoutMs });
        const u = r.body?.users?.[0];
        return { ok: true, detail: `connected as ${u?.full_name ?? u?.email ?? "current user"}` };
      } catch (e) {
        return { ok: false, detail: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}

export const zohoAdapter: CrmAdapter = createZohoAdapter();
