// Local Salesforce: REST API v62.0 as https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/
// describes it — SOQL query (a small subset: SELECT … FROM … WHERE a = 'x' AND b LIKE 'y' LIMIT n),
// sObject create (201 { id, success, errors }), update (PATCH → 204), upsert by external id
// (PATCH /sobjects/Opportunity/Baton_Id__c/<value> → 201 created / 200 updated with { id, created }), limits.
// Errors are arrays of { message, errorCode, fields? }; a bad token is 401 INVALID_SESSION_ID.
import { z } from "zod";
import { emptyRecords, validate, type FakeOptions, type FakeRecord, type FakeRequest, type FakeResponse, type Route, type VendorFake } from "./server.ts";

export const SALESFORCE_TOKEN = "00Dxx0000001gPL!AQ4AQFakeAccessTokenForTests";
const V = "v62.0";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const custom = { Baton_Id__c: z.string().optional(), Partner_Source__c: z.string().nullable().optional(), MEDDICC_Champion__c: z.string().nullable().optional() };
const SCHEMAS: Record<string, { create: z.ZodType; update: z.ZodType; prefix: string; store: keyof ReturnType<typeof emptyRecords> | "roles" }> = {};
const Account = { Name: z.string().min(1).max(255), Website: z.string().max(255).nullable().optional(), Baton_Id__c: z.string().optional() };
const Contact = { FirstName: z.string().max(40).nullable().optional(), LastName: z.string().min(1).max(80), Email: z.string().email().nullable().optional(), Title: z.string().max(128).nullable().optional(), AccountId: z.string().length(18).optional() };
const Opportunity = { Name: z.string().min(1).max(120), StageName: z.string().min(1), CloseDate: date, Amount: z.number().nullable().optional(), NextStep: z.string().max(255).nullable().optional(), AccountId: z.string().length(18).optional(), Description: z.string().nullable().optional(), ...custom };
const Note = { ParentId: z.string().length(18), Title: z.string().min(1).max(80), Body: z.string().max(32000).nullable().optional(), IsPrivate: z.boolean().optional() };
const Task = { Subject: z.string().min(1).max(255), ActivityDate: date.nullable().optional(), Status: z.enum(["Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred"]), WhatId: z.string().length(18).optional(), OwnerId: z.string().length(18).optional(), Description: z.string().nullable().optional(), Priority: z.enum(["High", "Normal", "Low"]).optional() };
const Role = { OpportunityId: z.string().length(18), ContactId: z.string().length(18), Role: z.string().nullable().optional(), IsPrimary: z.boolean().optional() };
const partialOf = (shape: Record<string, z.ZodType>) => z.object(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()]))).strict();
SCHEMAS.Account = { create: z.object(Account).strict(), update: partialOf(Account), prefix: "001", store: "accounts" };
SCHEMAS.Contact = { create: z.object(Contact).strict(), update: partialOf(Contact), prefix: "003", store: "contacts" };
SCHEMAS.Opportunity = { create: z.object(Opportunity).strict(), update: partialOf(Opportunity), prefix: "006", store: "deals" };
SCHEMAS.Note = { create: z.object(Note).strict(), update: partialOf(Note), prefix: "002", store: "notes" };
SCHEMAS.Task = { create: z.object(Task).strict(), update: partialOf(Task), prefix: "00T", store: "tasks" };
SCHEMAS.OpportunityContactRole = { create: z.object(Role).strict(), update: partialOf(Role), prefix: "00K", store: "roles" };

/** The default OpportunityStage picklist. */
const DEFAULT_STAGES = ["Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"];

export function createSalesforceFake(options: FakeOptions = {}): VendorFake {
  const stages = new Set([...DEFAULT_STAGES, ...(options.stages ?? [])]);
  const badStage = (body: unknown) => {
    const stage = (body as { StageName?: unknown } | null)?.StageName;
    return typeof stage === "string" && !stages.has(stage) ? fail(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", `Stage: bad value for restricted picklist field: ${stage}`, ["StageName"]) : null;
  };
  const records = emptyRecords();
  const roles = new Map<string, FakeRecord>();
  let n = 0;
  const sfId = (prefix: string) => `${prefix}5g00000${String(++n).padStart(5, "0")}AAA`;
  const storeOf = (type: string) => { const s = SCHEMAS[type]?.store; return s === "roles" ? roles : s ? records[s] as Map<string, FakeRecord> : undefined; };
  records.users.set("0055g00000USER1AAA", { id: "0055g00000USER1AAA", Id: "0055g00000USER1AAA", Email: "owner@vendor.example", Name: "Olivia Owner", IsActive: true });
  let used = 1200;

  const fail = (status: number, errorCode: string, message: string, fields?: string[]): FakeResponse => ({ status, body: [{ message, errorCode, ...(fields ? { fields } : {}) }] });
  const bad = (type: string) => (issues: Array<{ path: string; message: string }>) => {
    const unknown = issues.find((i) => /Unrecognized key/.test(i.message));
    if (unknown) return fail(400, "INVALID_FIELD", `No such column '${unknown.message.match(/"([^"]+)"/)?.[1] ?? unknown.path}' on sobject of type ${type}`);
    const missing = issues.find((i) => /received undefined|expected/.test(i.message) && i.path);
    return fail(400, missing && /undefined/.test(missing.message) ? "REQUIRED_FIELD_MISSING" : "FIELD_INTEGRITY_EXCEPTION", `${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues.map((i) => i.path));
  };
  const attrs = (type: string, id: string) => ({ type, url: `/services/data/${V}/sobjects/${type}/${id}` });
  const fields = (r: FakeRecord) => { const { id: _id, ...rest } = r; return rest; };

  /** Just enough SOQL for the adapter's lookups. */
  function query(q: string): FakeResponse {
    const m = /^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+LIMIT\s+(\d+))?$/i.exec(q.trim());
    if (!m) return fail(400, "MALFORMED_QUERY", `unexpected token in: ${q}`);
    const [, select, type, where, limit] = m;
    const store = type === "User" ? records.users : storeOf(type);
    if (!store) return fail(400, "INVALID_TYPE", `sObject type '${type}' is not supported.`);
    const conds: Array<(r: FakeRecord) => boolean> = [];
    for (const c of where ? where.split(/\s+AND\s+/i) : []) {
      const cm = /^(\w+)\s*(=|LIKE)\s*(?:'((?:[^'\\]|\\.)*)'|(true|false))$/i.exec(c.trim());
      if (!cm) return fail(400, "MALFORMED_QUERY", `unexpected condition: ${c}`);
      const [, field, op, rawStr, bool] = cm;
      const value = bool !== undefined ? bool === "true" : rawStr.replace(/\\(.)/g, "$1");
      conds.push((r) => {
        const v = field === "Id" ? r.id : r[field];
        if (typeof value === "boolean") return v === value;
        if (v == null) return false;
        if (op.toUpperCase() === "LIKE") return new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replaceAll("%", ".*").replaceAll("_", ".")}$`, "i").test(String(v));
        return String(v).toLowerCase() === value.toLowerCase();
      });
    }
    const hits = [...store.values()].filter((r) => conds.every((f) => f(r))).slice(0, limit ? Number(limit) : undefined);
    const cols = select.split(",").map((s) => s.trim());
    return { status: 200, body: { totalSize: hits.length, done: true, records: hits.map((r) => Object.fromEntries([["attributes", attrs(type, r.id)], ...cols.map((c) => [c, c === "Id" ? r.id : r[c] ?? null])])) } };
  }

  function create(type: string, req: FakeRequest): FakeResponse {
    const s = SCHEMAS[type]; if (!s) return fail(404, "NOT_FOUND", `The requested resource does not exist`);
    const v = validate(s.create, req.body, bad(type)); if (!v.ok) return v.response;
    const bs = badStage(v.value); if (bs) return bs;
    const rec: FakeRecord = { id: sfId(s.prefix), ...(v.value as object) };
    storeOf(type)!.set(rec.id, rec);
    if (type === "OpportunityContactRole") records.associations.add(`contact:${rec.ContactId}->deal:${rec.OpportunityId}`);
    return { status: 201, body: { id: rec.id, success: true, errors: [] } };
  }

  const routes: Route[] = [
    { method: "GET", pattern: new RegExp(`^/services/data/${V}/limits/?$`), handle: () => ({ status: 200, body: { DailyApiRequests: { Max: 15000, Remaining: 15000 - used }, DataStorageMB: { Max: 1024, Remaining: 1020 } } }) },
    { method: "GET", pattern: new RegExp(`^/services/data/${V}/query/?$`), handle: (req) => query(req.query.get("q") ?? "") },
    { method: "POST", pattern: new RegExp(`^/services/data/${V}/sobjects/(\\w+)/?$`), handle: (req, [type]) => create(type, req) },
    { method: "PATCH", pattern: new RegExp(`^/services/data/${V}/sobjects/(\\w+)/(\\w{18})$`), handle: (req, [type, id]) => {
      const s = SCHEMAS[type]; const rec = storeOf(type)?.get(id);
      if (!s || !rec) return fail(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + id);
      const v = validate(s.update, req.body, bad(type)); if (!v.ok) return v.response;
      const bs = badStage(v.value); if (bs) return bs;
      Object.assign(rec, v.value); return { status: 204 };
    } },
    { method: "PATCH", pattern: new RegExp(`^/services/data/${V}/sobjects/(\\w+)/(\\w+__c)/([^/]+)$`), handle: (req, [type, field, value]) => {
      const s = SCHEMAS[type]; if (!s) return fail(404, "NOT_FOUND", "The requested resource does not exist");
      if (field !== "Baton_Id__c") return fail(404, "NOT_FOUND", `Provided external ID field does not exist or is not accessible: ${field}`);
      if (req.body && typeof req.body === "object" && field in (req.body as object)) return fail(400, "INVALID_FIELD", `The external ID field ${field} should not be specified in the sobject data.`);
      const hits = [...storeOf(type)!.values()].filter((r) => r[field] === value);
      if (hits.length > 1) return { status: 300, body: hits.map((h) => `/services/data/${V}/sobjects/${type}/${h.id}`) };
      if (hits.length === 1) {
        const v = validate(s.update, req.body, bad(type)); if (!v.ok) return v.response;
        const bs = badStage(v.value); if (bs) return bs;
        Object.assign(hits[0], v.value); return { status: 200, body: { id: hits[0].id, success: true, errors: [], created: false } };
      }
      const r = create(type, { ...req, body: { ...(req.body as object), [field]: value } });
      if (r.status !== 201) return r;
      return { status: 201, body: { ...(r.body as object), created: true } };
    } },
    { method: "GET", pattern: new RegExp(`^/services/data/${V}/sobjects/(\\w+)/(\\w{18})$`), handle: (_req, [type, id]) => {
      const rec = storeOf(type)?.get(id); return rec ? { status: 200, body: { attributes: attrs(type, id), Id: id, ...fields(rec) } } : fail(404, "NOT_FOUND", "The requested resource does not exist");
    } },
  ];

  return {
    token: SALESFORCE_TOKEN,
    records,
    routes,
    authenticate: (req) => { if (req.headers.authorization === `Bearer ${SALESFORCE_TOKEN}`) { used++; return null; } return fail(401, "INVALID_SESSION_ID", "Session expired or invalid"); },
    rateLimited: (retryAfter) => ({ status: 429, headers: (retryAfter === null ? {} : { "retry-after": retryAfter }) as Record<string, string>, body: [{ message: "Request limit exceeded. Please retry later.", errorCode: "REQUEST_LIMIT_EXCEEDED" }] }),
    serverError: (status) => fail(status, status === 503 ? "SERVER_UNAVAILABLE" : "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-987654321)"),
    notFound: () => fail(404, "NOT_FOUND", "The requested resource does not exist"),
    commonHeaders: () => ({ "sforce-limit-info": `api-usage=${used}/15000` }),
  };
}
