// Local Zoho CRM: API v8 as https://www.zoho.com/crm/developer/docs/api/v8/ describes it — records insert /
// update (PUT /{module}/{id}) / upsert (POST /{module}/upsert with duplicate_check_fields), search
// (GET /{module}/search?criteria=(Field:equals:value); 204 when nothing matches; info.more_records paging),
// Notes with Parent_Id { module: { api_name }, id }, Tasks with What_Id + $se_module, users?type=…
// Auth header `Authorization: Zoho-oauthtoken <token>`; errors { code, details, message, status: "error" },
// per-record results in data[] with status "success" | "error".
import { z } from "zod";
import { counter, emptyRecords, validate, type FakeOptions, type FakeRecord, type FakeRequest, type FakeResponse, type Route, type VendorFake } from "./server.ts";

export const ZOHO_TOKEN = "1000.fake0zoho0access0token.0123456789abcdef";

const Lookup = z.object({ id: z.string().regex(/^\d+$/), name: z.string().optional() }).strict();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const STAGES = ["Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"];
const fieldsFor = (stages: string[]): Record<string, Record<string, z.ZodType>> => ({
  Accounts: { Account_Name: z.string().min(1).max(200), Website: z.string().max(255).nullable(), Owner: Lookup },
  Contacts: { First_Name: z.string().max(40).nullable(), Last_Name: z.string().min(1).max(80), Email: z.string().email().nullable(), Title: z.string().max(100).nullable(), Account_Name: Lookup, Owner: Lookup },
  Deals: {
    Deal_Name: z.string().min(1).max(120), Stage: z.enum(stages as [string, ...string[]]), Amount: z.number().nullable(), Closing_Date: date.nullable(),
    Next_Step: z.string().max(255).nullable(), Account_Name: Lookup, Contact_Name: Lookup, Owner: Lookup, Description: z.string().nullable(),
    Currency: z.string().length(3), Baton_Id: z.string().max(64), Partner_Source: z.string().nullable(), MEDDICC_Champion: z.string().nullable(),
  },
  Notes: { Note_Title: z.string().max(120).nullable(), Note_Content: z.string().min(1).max(32000), Parent_Id: z.object({ module: z.object({ api_name: z.enum(["Deals", "Accounts", "Contacts", "Leads"]) }).strict(), id: z.string().regex(/^\d+$/) }).strict() },
  Tasks: { Subject: z.string().min(1).max(300), Due_Date: date.nullable(), Status: z.enum(["Not Started", "Deferred", "In Progress", "Completed", "Waiting for input"]), Priority: z.enum(["High", "Highest", "Low", "Lowest", "Normal"]), What_Id: Lookup, $se_module: z.enum(["Deals", "Accounts"]), Owner: Lookup, Description: z.string().nullable() },
});
const REQUIRED: Record<string, string[]> = { Accounts: ["Account_Name"], Contacts: ["Last_Name"], Deals: ["Deal_Name", "Stage"], Notes: ["Note_Content", "Parent_Id"], Tasks: ["Subject"] };
/** Fields allowed in duplicate_check_fields: system unique fields plus custom fields marked "Do not allow duplicate values". */
const UNIQUE: Record<string, string[]> = { Accounts: ["Account_Name"], Contacts: ["Email"], Deals: ["Baton_Id"] };
const recordSchema = (FIELDS: ReturnType<typeof fieldsFor>, module: string) => z.object(Object.fromEntries(Object.entries(FIELDS[module]).map(([k, v]) => [k, v.optional()]))).strict();
const Envelope = (F: ReturnType<typeof fieldsFor>, module: string) => z.object({ data: z.array(recordSchema(F, module)).min(1).max(100), trigger: z.array(z.string()).optional() }).strict();
const UpsertEnvelope = (F: ReturnType<typeof fieldsFor>, module: string) => z.object({ data: z.array(recordSchema(F, module)).min(1).max(100), duplicate_check_fields: z.array(z.string()).optional(), trigger: z.array(z.string()).optional() }).strict();

export function createZohoFake(options: FakeOptions = {}): VendorFake {
  const FIELDS = fieldsFor([...STAGES, ...(options.stages ?? [])]);
  const records = emptyRecords();
  const seq = counter(400_000);
  const nextId = () => `5725767000000${seq()}`;
  const store = (m: string) => ({ Accounts: records.accounts, Contacts: records.contacts, Deals: records.deals, Notes: records.notes, Tasks: records.tasks } as Record<string, Map<string, FakeRecord>>)[m];
  records.users.set("5725767000000411001", { id: "5725767000000411001", full_name: "Olivia Owner", email: "owner@vendor.example", status: "active" });
  for (let i = 0; i < 3; i++) records.users.set(`57257670000004120${i}`, { id: `57257670000004120${i}`, full_name: `Colleague ${i}`, email: `colleague${i}@vendor.example`, status: "active" });

  const err = (status: number, code: string, message: string, details: Record<string, unknown> = {}): FakeResponse => ({ status, body: { code, details, message, status: "error" } });
  const invalid = (issues: Array<{ path: string; message: string }>) => {
    const i = issues[0];
    const unknown = /Unrecognized key/.test(i.message) ? i.message.match(/"([^"]+)"/)?.[1] : undefined;
    const field = unknown ?? i.path.split(".").filter((p) => !/^\d+$/.test(p) && p !== "data")[0] ?? "data";
    return { status: 400, body: { data: [{ code: unknown ? "INVALID_DATA" : "INVALID_DATA", details: { api_name: field, json_path: `$.${i.path}` }, message: unknown ? `the field ${field} is not available` : `invalid data: ${i.message}`, status: "error" }] } };
  };
  const now = () => new Date().toISOString().slice(0, 19) + "+00:00";
  const details = (rec: FakeRecord) => ({ Modified_Time: rec.Modified_Time, Modified_By: { name: "Olivia Owner", id: "5725767000000411001" }, Created_Time: rec.Created_Time, id: rec.id, Created_By: { name: "Olivia Owner", id: "5725767000000411001" } });
  const missing = (module: string, rec: Record<string, unknown>) => REQUIRED[module].find((k) => rec[k] === undefined || rec[k] === null);
  const lookupsOk = (rec: Record<string, unknown>): string | null => {
    for (const [k, v] of Object.entries(rec)) {
      if (k === "Account_Name" && v && typeof v === "object" && !records.accounts.has((v as { id: string }).id)) return k;
      if (k === "Contact_Name" && v && !records.contacts.has((v as { id: string }).id)) return k;
      if (k === "Owner" && v && !records.users.has((v as { id: string }).id)) return k;
      if (k === "What_Id" && v && !records.deals.has((v as { id: string }).id) && !records.accounts.has((v as { id: string }).id)) return k;
      if (k === "Parent_Id" && v && !records.deals.has((v as { id: string }).id)) return k;
    }
    return null;
  };
  const insert = (module: string, rec: Record<string, unknown>): FakeRecord => {
    const t = now(); const r = { id: nextId(), ...rec, Created_Time: t, Modified_Time: t }; store(module).set(r.id, r); return r;
  };
  const recordError = (code: string, message: string, d: Record<string, unknown>) => ({ status: 400, body: { data: [{ code, details: d, message, status: "error" }] } });

  /** criteria=(Field:equals:value) joined by "and"/"or"; values escape ( ) , with a backslash. */
  function search(module: string, req: FakeRequest): FakeResponse {
    const criteria = req.query.get("criteria");
    if (!criteria) return err(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", { param: "criteria" });
    const parts = criteria.match(/\((?:[^()\\]|\\.)+\)/g) ?? [];
    const isOr = /\)\s*or\s*\(/i.test(criteria);
    const conds = parts.map((p) => {
      const m = /^\((\w+):(equals|starts_with):((?:[^\\]|\\.)*)\)$/.exec(p);
      if (!m) return null;
      return { field: m[1], op: m[2], value: m[3].replace(/\\(.)/g, "$1").toLowerCase() };
    });
    if (!conds.length || conds.some((c) => c === null)) return err(400, "INVALID_QUERY", "invalid query formed", { reason: "criteria is not well formed" });
    const test = (r: FakeRecord, c: { field: string; op: string; value: string }) => {
      const v = r[c.field]; const s = (v && typeof v === "object" ? (v as { name?: string }).name : v) as string | undefined;
      if (s == null) return false;
      return c.op === "equals" ? String(s).toLowerCase() === c.value : String(s).toLowerCase().startsWith(c.value);
    };
    const hits = [...store(module).values()].filter((r) => isOr ? conds.some((c) => test(r, c!)) : conds.every((c) => test(r, c!)));
    if (!hits.length) return { status: 204 };
    const perPage = Number(req.query.get("per_page") ?? 200), page = Number(req.query.get("page") ?? 1);
    const slice = hits.slice((page - 1) * perPage, page * perPage);
    return { status: 200, body: { data: slice, info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < hits.length } } };
  }

  const MOD = "(Accounts|Contacts|Deals|Notes|Tasks)";
  const routes: Route[] = [
    { method: "GET", pattern: /^\/crm\/v8\/users$/, handle: (req) => {
      const type = req.query.get("type");
      if (type === "CurrentUser") return { status: 200, body: { users: [records.users.get("5725767000000411001")], info: { per_page: 200, count: 1, page: 1, more_records: false } } };
      const all = [...records.users.values()];
      const perPage = Number(req.query.get("per_page") ?? 200), page = Number(req.query.get("page") ?? 1);
      const slice = all.slice((page - 1) * perPage, page * perPage);
      return { status: 200, body: { users: slice, info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < all.length } } };
    } },
    { method: "GET", pattern: /^\/crm\/v8\/Deals\/(\d+)\/Notes$/, handle: (req, [id]) => {
      if (!records.deals.has(id)) return recordError("INVALID_DATA", "the related id given seems to be invalid", { id });
      const fields = req.query.get("fields");
      if (!fields) return err(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", { param: "fields" });
      const all = [...records.notes.values()].filter((n) => (n.Parent_Id as { id: string }).id === id);
      if (!all.length) return { status: 204 };
      const perPage = Number(req.query.get("per_page") ?? 200), page = Number(req.query.get("page") ?? 1);
      const slice = all.slice((page - 1) * perPage, page * perPage).map((n) => Object.fromEntries([["id", n.id], ...fields.split(",").map((f) => [f, n[f] ?? null])]));
      return { status: 200, body: { data: slice, info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < all.length } } };
    } },
    { method: "GET", pattern: new RegExp(`^/crm/v8/${MOD}/search$`), handle: (req, [m]) => search(m, req) },
    { method: "POST", pattern: new RegExp(`^/crm/v8/${MOD}/upsert$`), handle: (req, [m]) => {
      const v = validate(UpsertEnvelope(FIELDS, m), req.body, invalid); if (!v.ok) return v.response;
      const dupFields = v.value.duplicate_check_fields ?? UNIQUE[m] ?? [];
      const bad = dupFields.find((f) => !(UNIQUE[m] ?? []).includes(f));
      if (bad) return err(400, "INVALID_DATA", "invalid data", { api_name: bad, reason: "field is not unique" });
      const data = []; let inserted = false;
      for (const rec of v.value.data as Array<Record<string, unknown>>) {
        const dupField = dupFields.find((f) => rec[f] != null && [...store(m).values()].some((r) => String(r[f]).toLowerCase() === String(rec[f]).toLowerCase()));
        const lk = lookupsOk(rec); if (lk) return recordError("INVALID_DATA", "invalid data", { api_name: lk, json_path: `$.data[0].${lk}` });
        if (dupField) {
          const existing = [...store(m).values()].find((r) => String(r[dupField]).toLowerCase() === String(rec[dupField]).toLowerCase())!;
          Object.assign(existing, rec, { Modified_Time: now() });
          data.push({ code: "SUCCESS", duplicate_field: dupField, action: "update", details: details(existing), message: "record updated", status: "success" });
        } else {
          const miss = missing(m, rec); if (miss) return recordError("MANDATORY_NOT_FOUND", "required field not found", { api_name: miss, json_path: `$.data[0].${miss}` });
          const r = insert(m, rec); inserted = true;
          data.push({ code: "SUCCESS", duplicate_field: null, action: "insert", details: details(r), message: "record added", status: "success" });
        }
      }
      return { status: inserted ? 201 : 200, body: { data } };
    } },
    { method: "POST", pattern: new RegExp(`^/crm/v8/${MOD}$`), handle: (req, [m]) => {
      const v = validate(Envelope(FIELDS, m), req.body, invalid); if (!v.ok) return v.response;
      const data = [];
      for (const rec of v.value.data as Array<Record<string, unknown>>) {
        const miss = missing(m, rec); if (miss) return recordError("MANDATORY_NOT_FOUND", "required field not found", { api_name: miss, json_path: `$.data[0].${miss}` });
        const lk = lookupsOk(rec); if (lk) return recordError("INVALID_DATA", "invalid data", { api_name: lk, json_path: `$.data[0].${lk}` });
        if (m === "Tasks" && rec.What_Id && !rec.$se_module) return recordError("MANDATORY_NOT_FOUND", "required field not found", { api_name: "$se_module" });
        const r = insert(m, rec);
        data.push({ code: "SUCCESS", details: details(r), message: "record added", status: "success" });
      }
      return { status: 201, body: { data } };
    } },
    { method: "PUT", pattern: new RegExp(`^/crm/v8/${MOD}/(\\d+)$`), handle: (req, [m, id]) => {
      const rec = store(m).get(id);
      if (!rec) return recordError("INVALID_DATA", "the related id given seems to be invalid", { id });
      const v = validate(Envelope(FIELDS, m), req.body, invalid); if (!v.ok) return v.response;
      const patch = (v.value.data as Array<Record<string, unknown>>)[0];
      const lk = lookupsOk(patch); if (lk) return recordError("INVALID_DATA", "invalid data", { api_name: lk });
      Object.assign(rec, patch, { Modified_Time: now() });
      return { status: 200, body: { data: [{ code: "SUCCESS", details: details(rec), message: "record updated", status: "success" }] } };
    } },
  ];

  return {
    token: ZOHO_TOKEN,
    records,
    routes,
    authenticate: (req) => req.headers.authorization === `Zoho-oauthtoken ${ZOHO_TOKEN}` ? null
      : req.headers.authorization ? err(401, "INVALID_TOKEN", "invalid oauth token") : err(401, "AUTHENTICATION_FAILURE", "Authentication failed"),
    rateLimited: (retryAfter) => ({ status: 429, headers: (retryAfter === null ? {} : { "retry-after": retryAfter }) as Record<string, string>, body: { code: "TOO_MANY_REQUESTS", details: {}, message: "The number of API calls exceeded the concurrency limit", status: "error" } }),
    serverError: (status) => err(status, "INTERNAL_ERROR", "Internal Server Error"),
    notFound: () => err(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one"),
  };
}
