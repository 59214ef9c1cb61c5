// Salesforce adapter on jsforce: its Connection holds the instance URL, token and API version and its HttpApi
// sends and parses each REST call; retries are switched off (the outbox owns them) and every call has a timeout.
// Docs: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/ — resources_query.htm (SOQL),
// dome_sobject_create.htm, dome_update_fields.htm, dome_upsert.htm (PATCH /sobjects/<Object>/<ExtIdField>/<value>
// → 201 created / 200 updated), resources_limits.htm, errorcodes.htm (error body: [{ message, errorCode, fields }];
// 401 INVALID_SESSION_ID; 403 REQUEST_LIMIT_EXCEEDED when the org's daily API allowance is spent).
// Idempotency: the Opportunity is upserted by the external-id field Baton_Id__c (create it on Opportunity with
// "External ID" + "Unique"); accounts, contacts, contact roles and owners are queried before anything is created.
import { createRequire } from "node:module";
import type { Connection } from "jsforce";
import type { HttpApi as HttpApiClass } from "jsforce/lib/http-api.js";
import { CrmError, type CrmAdapter, type CrmConnectionConfig, type CrmIds, type CrmOperation } from "../crm.types.ts";
import { DEFAULT_TIMEOUT_MS, hasNoteLink, hasTaskMarker, httpError, mergeIds, taskMarker, networkError, noteText, normalizeDomain, planId, redactPlan, requireDeal, requireToken, splitName, trimSlash, type AdapterOptions, type PlannedRequest } from "./http.ts";

// jsforce (CommonJS) takes ~0.5 s to load: required on first use, not on every CLI run and server start.
const requireLazily = createRequire(import.meta.url);
const jsforce = () => requireLazily("jsforce") as { Connection: typeof Connection };
const jsforceHttpApi = () => (requireLazily("jsforce/lib/http-api.js") as { HttpApi: typeof HttpApiClass }).HttpApi;

const VENDOR = "Salesforce";
export const SALESFORCE_API_VERSION = "62.0";
/** The Opportunity external-id field Baton upserts by. */
export const SALESFORCE_EXTERNAL_ID_FIELD = "Baton_Id__c";
/** Salesforce's daily API allowance resets on a rolling 24 h window; wait a while before trying again. */
const REQUEST_LIMIT_BACKOFF_MS = 15 * 60_000;

/** SOQL string literal: backslash-escape quotes and backslashes (resources_query.htm, "Quoted String Escape Sequences"). */
export const soql = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

interface SfResponse { statusCode: number; headers: Record<string, string>; body?: string }

class SfSession {
  readonly planned: PlannedRequest[] = [];
  readonly conn: Connection;
  readonly isDry: boolean;
  readonly timeoutMs: number;
  readonly base: string;
  constructor(config: CrmConnectionConfig, isDry: boolean, timeoutMs: number) {
    this.isDry = isDry; this.timeoutMs = timeoutMs;
    const instanceUrl = trimSlash(config.instanceUrl ?? config.baseUrl ?? "");
    if (!instanceUrl) throw new CrmError(`${VENDOR}: the connection has no instance URL`, { retryable: false });
    this.base = `${instanceUrl}/services/data/v${SALESFORCE_API_VERSION}`;
    this.conn = new (jsforce().Connection)({ instanceUrl, accessToken: requireToken(VENDOR, config), version: SALESFORCE_API_VERSION });
  }

  /** One REST call through jsforce's HttpApi; `path` is below /services/data/vXX.X. */
  async send<T>(what: string, method: string, path: string, body: unknown, dryValue: T): Promise<T> {
    const url = this.base + path;
    const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json" };
    if (this.isDry) {
      this.planned.push(redactPlan({ method, url, headers: { ...headers, Authorization: `Bearer ${this.conn.accessToken}` }, body }));
      return dryValue;
    }
    const HttpApi = jsforceHttpApi();
    const api = new HttpApi(this.conn, { retry: { maxRetries: 0 }, timeout: this.timeoutMs });
    let last: SfResponse | undefined;
    api.on("response", (r: SfResponse) => { last = r; });
    try {
      return await api.request<T>({ method: method as "GET", url, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch (e) {
      if (last && last.statusCode >= 300) {
        const bodyText = last.body ?? JSON.stringify((e as { data?: unknown }).data ?? (e as Error).message);
        if (last.statusCode === 403 && /REQUEST_LIMIT_EXCEEDED/.test(bodyText)) {
          throw new CrmError(`${VENDOR} ${what} failed: API request limit exceeded`, { status: 403, retryable: true, retryAfterMs: REQUEST_LIMIT_BACKOFF_MS, body: bodyText });
        }
        throw httpError(VENDOR, what, last.statusCode, last.headers, bodyText);
      }
      throw networkError(VENDOR, what, e);
    }
  }

  async queryFirst(what: string, q: string): Promise<string | undefined> {
    return this.send(what, "GET", `/query?q=${encodeURIComponent(q)}`, undefined, { records: [] } as { records: Array<{ Id: string }> })
      .then((r) => r.records[0]?.Id);
  }

  async create(what: string, type: string, fields: Record<string, unknown>, placeholder: string): Promise<string> {
    return this.send(what, "POST", `/sobjects/${type}`, fields, { id: placeholder }).then((r) => (r as { id: string }).id);
  }

  async update(what: string, type: string, id: string, fields: Record<string, unknown>): Promise<void> {
    await this.send(what, "PATCH", `/sobjects/${type}/${encodeURIComponent(id)}`, fields, null);
  }
}

export function createSalesforceAdapter(options: AdapterOptions = {}): CrmAdapter {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function run(s: SfSession, op: CrmOperation, known: CrmIds): Promise<{ ids: CrmIds; summary: string }> {
    if (op.op === "upsert-deal") {
      const done: string[] = [];
      let account = known.account;
      if (!account) {
        const domain = normalizeDomain(op.account.domain);
        account = (domain ? await s.queryFirst("find account by website", `SELECT Id FROM Account WHERE Website LIKE ${soql(`%${domain}%`)} LIMIT 1`) : undefined)
          ?? await s.queryFirst("find account by name", `SELECT Id FROM Account WHERE Name = ${soql(op.account.name)} LIMIT 1`);
        if (account) done.push(`matched account ${account}`);
        else {
          account = await s.create("create account", "Account", { Name: op.account.name, ...(domain ? { Website: domain } : {}) }, planId("account"));
          done.push(`created account ${account}`);
        }
      }
      const contacts: Record<string, string> = {};
      for (const p of op.contacts) {
        let id = known.contacts?.[p.batonId];
        if (!id && p.email) id = await s.queryFirst("find contact", `SELECT Id FROM Contact WHERE Email = ${soql(p.email)} LIMIT 1`);
        if (!id) {
          const { first, last } = splitName(p.name);
          id = await s.create("create contact", "Contact", { FirstName: first || null, LastName: last, AccountId: account, ...(p.email ? { Email: p.email } : {}), ...(p.title ? { Title: p.title } : {}) }, planId(`contact ${p.batonId}`));
          done.push(`created contact ${id}`);
        }
        contacts[p.batonId] = id;
      }
      const d = op.deal;
      const fields: Record<string, unknown> = { Name: d.name, AccountId: account };
      if (d.stage) fields.StageName = d.stage;
      if (d.closeDate) fields.CloseDate = d.closeDate.slice(0, 10);
      if (d.amount !== null) fields.Amount = d.amount;
      if (d.nextStep !== null) fields.NextStep = d.nextStep;
      // Currency only exists in multi-currency orgs (CurrencyIsoCode); map it through `custom` there.
      Object.assign(fields, d.custom);
      let deal = known.deal;
      if (deal) {
        await s.update("update opportunity", "Opportunity", deal, fields);
        done.push(`updated opportunity ${deal}`);
      } else {
        const r = await s.send("upsert opportunity", "PATCH", `/sobjects/Opportunity/${SALESFORCE_EXTERNAL_ID_FIELD}/${encodeURIComponent(d.batonId)}`, fields, { id: planId("opportunity"), created: true } as { id: string; created?: boolean } | undefined);
        // Before API v46 an update by external id answered 204 without a body; look the id up then.
        deal = r?.id ?? await s.queryFirst("find opportunity", `SELECT Id FROM Opportunity WHERE ${SALESFORCE_EXTERNAL_ID_FIELD} = ${soql(d.batonId)} LIMIT 1`);
        if (!deal) throw new CrmError(`${VENDOR}: upserted opportunity ${d.batonId} but could not read its id`, { retryable: true });
        done.push(`${r?.created ? "created" : "updated"} opportunity ${deal}`);
      }
      for (const [batonId, contactId] of Object.entries(contacts)) {
        const role = await s.queryFirst("find contact role", `SELECT Id FROM OpportunityContactRole WHERE OpportunityId = ${soql(deal)} AND ContactId = ${soql(contactId)} LIMIT 1`);
        if (!role) await s.create("add contact role", "OpportunityContactRole", { OpportunityId: deal, ContactId: contactId, IsPrimary: batonId === op.contacts[0]?.batonId }, planId("contact role"));
      }
      return { ids: mergeIds(known, { account, deal, contacts }), summary: done.join(", ") };
    }

    const deal = requireDeal(VENDOR, known);
    if (op.op === "upsert-note") {
      const n = op.note;
      // Title is limited to 80 characters on Note.
      const fields = { Title: n.title.slice(0, 80), Body: noteText(n.title, n.body, n.url).slice(0, 32_000) };
      // Long text cannot be filtered in SOQL: narrow by parent and title, then look for the Baton link.
      const id = known.notes?.[n.batonId] ?? await s.send("find note", "GET", `/query?q=${encodeURIComponent(`SELECT Id, Body FROM Note WHERE ParentId = ${soql(deal)} AND Title = ${soql(fields.Title)} LIMIT 200`)}`, undefined,
        { records: [] } as { records: Array<{ Id: string; Body: string | null }> }).then((r) => r.records.find((x) => hasNoteLink(x.Body, n.url))?.Id);
      if (id) {
        await s.update("update note", "Note", id, fields);
        return { ids: mergeIds(known, { notes: { [n.batonId]: id } }), summary: `updated note ${id}` };
      }
      const created = await s.create("create note", "Note", { ParentId: deal, ...fields }, planId("note"));
      return { ids: mergeIds(known, { notes: { [n.batonId]: created } }), summary: `created note ${created} on opportunity ${deal}` };
    }

    const t = op.task;
    const fields: Record<string, unknown> = { Subject: t.subject, Status: t.done ? "Completed" : "Not Started", Description: taskMarker(t.batonId) };
    if (t.dueDate) fields.ActivityDate = t.dueDate.slice(0, 10);
    const id = known.tasks?.[t.batonId] ?? await s.send("find task", "GET", `/query?q=${encodeURIComponent(`SELECT Id, Description FROM Task WHERE WhatId = ${soql(deal)} AND Subject = ${soql(t.subject)} LIMIT 200`)}`, undefined,
      { records: [] } as { records: Array<{ Id: string; Description: string | null }> }).then((r) => r.records.find((x) => hasTaskMarker(x.Description, t.batonId))?.Id);
    if (id) {
      await s.update("update task", "Task", id, fields);
      return { ids: mergeIds(known, { tasks: { [t.batonId]: id } }), summary: `${t.done ? "completed" : "updated"} task ${id}` };
    }
    if (t.ownerEmail) {
      const owner = await s.queryFirst("find user", `SELECT Id FROM User WHERE Email = ${soql(t.ownerEmail)} AND IsActive = true LIMIT 1`);
      if (owner) fields.OwnerId = owner;
    }
    const created = await s.create("create task", "Task", { ...fields, WhatId: deal }, planId("task"));
    return { ids: mergeIds(known, { tasks: { [t.batonId]: created } }), summary: `created task ${created} on opportunity ${deal}` };
  }

  return {
    kind: "salesforce",
    apply: (conn, op, known) => run(new SfSession(conn, false, timeoutMs), op, known),
    async plan(conn, op, known) { const s = new SfSession(conn, true, timeoutMs); await run(s, op, known); return s.planned; },
    async check(conn) {
      try {
        const s = new SfSession(conn, false, timeoutMs);
        const limits = await s.send("check", "GET", "/limits", undefined, null as { DailyApiRequests?: { Max: number; Remaining: number } } | null);
        const daily = limits?.DailyApiRequests;
        return { ok: true, detail: daily ? `connected; ${daily.Remaining}/${daily.Max} daily API requests left` : "connected" };
      } catch (e) {
        return { ok: false, detail: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}

export const salesforceAdapter: CrmAdapter = createSalesforceAdapter();
