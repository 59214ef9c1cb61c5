// HubSpot adapter, on the official @hubspot/api-client (pointed at `basePath` for tests and EU/other hosts).
// Docs: https://developers.hubspot.com/docs/api-reference/latest/crm/objects (create / update / search /
// batch upsert by `idProperty`), .../crm/associations (v4 default associations), .../crm/owners (owner by
// email), https://developers.hubspot.com/docs/api-reference/error-handling (error body: status, message,
// correlationId, category; 429 with X-HubSpot-RateLimit-* headers).
// Idempotency: contacts upsert by `email` and deals by the unique custom property `baton_deal_id` (create it
// in the portal with hasUniqueValue=true); companies are found by id → domain → name before creating.
import http from "node:http";
import https from "node:https";
import type { Duplex } from "node:stream";
import { createRequire } from "node:module";
import type { Client } from "@hubspot/api-client";
import { CrmError, type CrmAdapter, type CrmConnectionConfig, type CrmIds, type CrmOperation } from "../crm.types.ts";
import { DEFAULT_TIMEOUT_MS, MAX_SCAN_PAGES, hasNoteLink, hasTaskMarker, httpError, mergeIds, taskMarker, networkError, noteHtml, normalizeDomain, planId, redactPlan, requireDeal, requireToken, splitName, trimSlash, type AdapterOptions, type PlannedRequest } from "./http.ts";

const VENDOR = "HubSpot";
const DEFAULT_BASE = "https://api.hubapi.com";
/** The unique deal property Baton upserts by; the portal admin creates it once (hasUniqueValue: true). */
export const HUBSPOT_DEAL_ID_PROPERTY = "baton_deal_id";
/** HubSpot-defined association type ids (https://developers.hubspot.com/docs/api-reference/latest/crm/associations). */
const NOTE_TO_DEAL = 214;
const TASK_TO_DEAL = 216;

const PLAN_STOP = Symbol("plan-stop");

/** An agent whose sockets die after `timeoutMs` of silence, so a hung HubSpot call fails instead of waiting forever. */
function timeoutAgent(base: string, timeoutMs: number): http.Agent {
  const Agent = base.startsWith("https:") ? https.Agent : http.Agent;
  const agent = new Agent({ keepAlive: false, timeout: timeoutMs });
  const create = (agent as unknown as { createConnection: (...a: unknown[]) => Duplex }).createConnection.bind(agent);
  (agent as unknown as { createConnection: (...a: unknown[]) => Duplex }).createConnection = (...args: unknown[]) => {
    const socket = create(...args) as Duplex & { setTimeout: (ms: number, cb: () => void) => void };
    socket.setTimeout(timeoutMs, () => socket.destroy(Object.assign(new Error(`timeout after ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
    return socket;
  };
  return agent;
}

interface Ctx { getUrl(): string; getHttpMethod(): string; getHeaders(): Record<string, string>; getBody(): unknown }

// The SDK (CommonJS) is slow to load: required on first use, not on every CLI run and server start.
const requireLazily = createRequire(import.meta.url);
const hubspotSdk = () => requireLazily("@hubspot/api-client") as { Client: typeof Client };

class HubSession {
  readonly planned: PlannedRequest[] = [];
  readonly client: Client;
  readonly isDry: boolean;
  constructor(conn: CrmConnectionConfig, isDry: boolean, timeoutMs: number) {
    this.isDry = isDry;
    const base = trimSlash(conn.baseUrl ?? DEFAULT_BASE);
    this.client = new (hubspotSdk().Client)({
      accessToken: requireToken(VENDOR, conn),
      basePath: base,
      httpAgent: timeoutAgent(base, timeoutMs),
      // Retries belong to the outbox (it honours Retry-After and dead-letters); the SDK must not retry on its own.
      numberOfApiCallRetries: 0,
      middleware: isDry ? [{
        pre: (ctx: unknown) => {
          const c = ctx as Ctx;
          const raw = c.getBody();
          let body: unknown = raw;
          if (typeof raw === "string") { try { body = JSON.parse(raw); } catch { /* keep the text */ } }
          this.planned.push(redactPlan({ method: String(c.getHttpMethod()), url: c.getUrl(), headers: { ...c.getHeaders() }, body: raw === undefined || raw === "" ? undefined : body }));
          return Promise.reject(PLAN_STOP);
        },
        post: (ctx: unknown) => ctx,
      }] : [],
    });
  }

  /** One SDK call; a dry run records the request in the middleware and stands in `dryValue` for its answer. */
  async call<T>(what: string, fn: (c: Client) => Promise<T>, dryValue: T): Promise<T> {
    try {
      return await fn(this.client);
    } catch (e) {
      if (e === PLAN_STOP) return dryValue;
      const x = e as { code?: unknown; body?: unknown; headers?: Record<string, string> };
      if (typeof x?.code === "number" && x.code >= 100) {
        const headers = x.headers ?? {};
        const bodyText = typeof x.body === "string" ? x.body : JSON.stringify(x.body ?? "");
        const windowMs = Number(headers["x-hubspot-ratelimit-interval-milliseconds"]);
        throw httpError(VENDOR, what, x.code, headers, bodyText, Number.isFinite(windowMs) && windowMs > 0 ? windowMs : undefined);
      }
      throw networkError(VENDOR, what, e);
    }
  }
}

const str = (v: string | number | boolean | null) => v === null ? "" : String(v);
const isoDay = (d: string) => (d.length === 10 ? `${d}T00:00:00.000Z` : d);
const category = "HUBSPOT_DEFINED" as never;

export function createHubspotAdapter(options: AdapterOptions = {}): CrmAdapter {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function run(s: HubSession, op: CrmOperation, known: CrmIds): Promise<{ ids: CrmIds; summary: string }> {
    if (op.op === "upsert-deal") {
      const done: string[] = [];
      let account = known.account;
      if (!account) {
        const domain = normalizeDomain(op.account.domain);
        const search = (propertyName: string, value: string) => s.call(`search company by ${propertyName}`, (c) => c.crm.companies.searchApi.doSearch({
          filterGroups: [{ filters: [{ propertyName, operator: "EQ" as never, value }] }], properties: ["name", "domain"], limit: 1,
        }).then((r) => r.results[0]?.id), undefined as string | undefined);
        account = (domain ? await search("domain", domain) : undefined) ?? await search("name", op.account.name);
        if (account) done.push(`matched company ${account}`);
        else {
          const properties: Record<string, string> = { name: op.account.name };
          if (domain) properties.domain = domain;
          account = await s.call("create company", (c) => c.crm.companies.basicApi.create({ properties, associations: [] }).then((r) => r.id), planId("company"));
          done.push(`created company ${account}`);
        }
      }
      const contacts: Record<string, string> = {};
      const withEmail = op.contacts.filter((p) => p.email && !known.contacts?.[p.batonId]);
      if (withEmail.length) {
        const inputs = withEmail.map((p) => {
          const { first, last } = splitName(p.name);
          const properties: Record<string, string> = { email: p.email!, firstname: first, lastname: last };
          if (p.title) properties.jobtitle = p.title;
          return { idProperty: "email", id: p.email!, properties };
        });
        const byEmail = await s.call("upsert contacts", (c) => c.crm.contacts.batchApi.upsert({ inputs }).then((r) => new Map(r.results.map((x) => [String(x.properties.email).toLowerCase(), x.id]))),
          new Map(withEmail.map((p) => [p.email!.toLowerCase(), planId(`contact ${p.batonId}`)])));
        for (const p of withEmail) { const id = byEmail.get(p.email!.toLowerCase()); if (id) contacts[p.batonId] = id; }
        done.push(`upserted ${withEmail.length} contact(s)`);
      }
      for (const p of op.contacts) {
        if (known.contacts?.[p.batonId]) { contacts[p.batonId] = known.contacts[p.batonId]; continue; }
        if (p.email) continue;
        // Without an email HubSpot has nothing unique to match on; create once and rely on the stored id.
        const { first, last } = splitName(p.name);
        const properties: Record<string, string> = { firstname: first, lastname: last };
        if (p.title) properties.jobtitle = p.title;
        contacts[p.batonId] = await s.call("create contact", (c) => c.crm.contacts.basicApi.create({ properties, associations: [] }).then((r) => r.id), planId(`contact ${p.batonId}`));
      }
      const d = op.deal;
      const properties: Record<string, string> = { dealname: d.name, [HUBSPOT_DEAL_ID_PROPERTY]: d.batonId };
      if (d.stage) properties.dealstage = d.stage;
      if (d.amount !== null) properties.amount = String(d.amount);
      if (d.currency) properties.deal_currency_code = d.currency;
      if (d.closeDate) properties.closedate = isoDay(d.closeDate);
      if (d.nextStep !== null) properties.hs_next_step = d.nextStep;
      for (const [k, v] of Object.entries(d.custom)) properties[k] = str(v);
      let deal = known.deal;
      if (deal) {
        await s.call("update deal", (c) => c.crm.deals.basicApi.update(deal!, { properties }), null);
        done.push(`updated deal ${deal}`);
      } else {
        const r = await s.call("upsert deal", (c) => c.crm.deals.batchApi.upsert({ inputs: [{ idProperty: HUBSPOT_DEAL_ID_PROPERTY, id: d.batonId, properties }] }).then((x) => x.results[0]),
          { id: planId("deal"), new: true } as { id: string; _new?: boolean; new?: boolean });
        deal = r.id;
        done.push(`${(r as { _new?: boolean; new?: boolean })._new ?? (r as { new?: boolean }).new ? "created" : "updated"} deal ${deal}`);
      }
      // Default associations are PUTs: repeating them is harmless.
      await s.call("associate deal with company", (c) => c.crm.associations.v4.basicApi.createDefault("deals", deal!, "companies", account!), null);
      for (const id of Object.values(contacts)) {
        await s.call("associate deal with contact", (c) => c.crm.associations.v4.basicApi.createDefault("deals", deal!, "contacts", id), null);
      }
      return { ids: mergeIds(known, { account, deal, contacts }), summary: done.join(", ") };
    }

    const deal = requireDeal(VENDOR, known);
    if (op.op === "upsert-note") {
      const n = op.note;
      const properties = { hs_note_body: noteHtml(n.title, n.body, n.url), hs_timestamp: n.at };
      const id = known.notes?.[n.batonId] ?? await findOnDeal(s, deal, "notes", "hs_note_body", (text) => hasNoteLink(text, n.url));
      if (id) {
        await s.call("update note", (c) => c.crm.objects.notes.basicApi.update(id, { properties }), null);
        return { ids: mergeIds(known, { notes: { [n.batonId]: id } }), summary: `updated note ${id}` };
      }
      const created = await s.call("create note", (c) => c.crm.objects.notes.basicApi.create({ properties, associations: [{ to: { id: deal }, types: [{ associationCategory: category, associationTypeId: NOTE_TO_DEAL }] }] }).then((r) => r.id), planId("note"));
      return { ids: mergeIds(known, { notes: { [n.batonId]: created } }), summary: `created note ${created} on deal ${deal}` };
    }

    const t = op.task;
    const properties: Record<string, string> = { hs_task_subject: t.subject, hs_task_status: t.done ? "COMPLETED" : "NOT_STARTED", hs_task_body: taskMarker(t.batonId) };
    if (t.dueDate) properties.hs_timestamp = isoDay(t.dueDate);
    const id = known.tasks?.[t.batonId] ?? await findOnDeal(s, deal, "tasks", "hs_task_body", (text) => hasTaskMarker(text, t.batonId));
    if (id) {
      await s.call("update task", (c) => c.crm.objects.tasks.basicApi.update(id, { properties }), null);
      return { ids: mergeIds(known, { tasks: { [t.batonId]: id } }), summary: `${t.done ? "completed" : "updated"} task ${id}` };
    }
    if (t.ownerEmail) {
      const owner = await s.call("find owner", (c) => c.crm.owners.ownersApi.getPage(t.ownerEmail!, undefined, 1).then((r) => r.results[0]?.id), undefined as string | undefined);
      if (owner) properties.hubspot_owner_id = owner;
    }
    properties.hs_timestamp ??= new Date().toISOString();
    const created = await s.call("create task", (c) => c.crm.objects.tasks.basicApi.create({ properties, associations: [{ to: { id: deal }, types: [{ associationCategory: category, associationTypeId: TASK_TO_DEAL }] }] }).then((r) => r.id), planId("task"));
    return { ids: mergeIds(known, { tasks: { [t.batonId]: created } }), summary: `created task ${created} on deal ${deal}` };
  }

  /**
   * The deal's note/task Baton already wrote (its id was lost): list the deal's associations (v4, paged),
   * read them in batches and test one property.
   */
  async function findOnDeal(s: HubSession, deal: string, type: "notes" | "tasks", property: string, isIt: (value: string | null | undefined) => boolean): Promise<string | undefined> {
    let after: string | undefined;
    for (let page = 0; page < MAX_SCAN_PAGES; page++) {
      const r = await s.call(`list deal ${type}`, (c) => c.crm.associations.v4.basicApi.getPage("deals", deal, type, after, 100), { results: [] } as { results: Array<{ toObjectId: string }>; paging?: { next?: { after: string } } });
      const ids = r.results.map((x) => String(x.toObjectId));
      if (ids.length) {
        const api = type === "notes" ? (c: Client) => c.crm.objects.notes.batchApi : (c: Client) => c.crm.objects.tasks.batchApi;
        const read = await s.call(`read deal ${type}`, (c) => api(c).read({ inputs: ids.map((id) => ({ id })), properties: [property], propertiesWithHistory: [] }), { results: [] } as { results: Array<{ id: string; properties: Record<string, string | null> }> });
        const hit = read.results.find((x) => isIt(x.properties[property]));
        if (hit) return hit.id;
      }
      after = r.paging?.next?.after;
      if (!after) return undefined;
    }
    return undefined;
  }

  return {
    kind: "hubspot",
    apply: (conn, op, known) => run(new HubSession(conn, false, timeoutMs), op, known),
    async plan(conn, op, known) { const s = new HubSession(conn, true, timeoutMs); await run(s, op, known); return s.planned; },
    async check(conn) {
      try {
        const s = new HubSession(conn, false, timeoutMs);
        await s.call("check", (c) => c.crm.companies.basicApi.getPage(1), null);
        return { ok: true, detail: "connected (companies readable)" };
      } catch (e) {
        return { ok: false, detail: e instanceof CrmError || e instanceof Error ? e.message : String(e) };
      }
    },
  };
}

export const hubspotAdapter: CrmAdapter = createHubspotAdapter();
