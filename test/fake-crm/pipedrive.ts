// Local Pipedrive: the v1/v2 endpoints the adapter uses, as https://developers.pipedrive.com/docs/api/v1 and
// .../v2 describe them (auth by `x-api-token` header or `api_token` query, `{ success, data, additional_data }`
// envelopes, `{ success: false, error, error_info }` failures, x-ratelimit-* headers, cursor pagination).
import { z } from "zod";
import { counter, emptyRecords, validate, type FakeOptions, type FakeRecord, type FakeRequest, type FakeResponse, type Route, type VendorFake } from "./server.ts";

const Email = z.object({ value: z.string().email(), primary: z.boolean().optional(), label: z.string().optional() }).strict();
const OrgCreate = z.object({ name: z.string().min(1), owner_id: z.number().int().optional(), visible_to: z.number().int().optional(), custom_fields: z.record(z.string(), z.unknown()).optional() }).strict();
const PersonCreate = z.object({ name: z.string().min(1), emails: z.array(Email).optional(), org_id: z.number().int().optional(), owner_id: z.number().int().optional(), custom_fields: z.record(z.string(), z.unknown()).optional() }).strict();
const DealFields = {
  title: z.string().min(1), value: z.number().optional(), currency: z.string().length(3).optional(), org_id: z.number().int().optional(),
  person_id: z.number().int().optional(), stage_id: z.number().int().optional(), owner_id: z.number().int().optional(),
  expected_close_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(), status: z.enum(["open", "won", "lost"]).optional(),
  custom_fields: z.record(z.string(), z.unknown()).optional(),
};
const DealCreate = z.object(DealFields).strict();
const DealUpdate = z.object(DealFields).partial().strict();
const NoteCreate = z.object({ content: z.string().min(1), deal_id: z.number().int().optional(), org_id: z.number().int().optional(), person_id: z.number().int().optional(), pinned_to_deal_flag: z.union([z.literal(0), z.literal(1)]).optional() }).strict();
const NoteUpdate = z.object({ content: z.string().min(1).optional(), deal_id: z.number().int().optional() }).strict();
const ActivityFields = {
  subject: z.string().min(1), type: z.string().min(1), due_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(),
  owner_id: z.number().int().optional(), deal_id: z.number().int().optional(), done: z.boolean().optional(), note: z.string().optional(),
};
const ActivityCreate = z.object(ActivityFields).strict();
const ActivityUpdate = z.object(ActivityFields).partial().strict();

export const PIPEDRIVE_TOKEN = "pd-test-token-0123456789abcdef";

export function createPipedriveFake(options: FakeOptions = {}): VendorFake {
  const records = emptyRecords();
  const nextId = counter(100);
  const stages = [{ id: 1, name: "Qualified", pipeline_id: 1 }, { id: 2, name: "Proposal Made", pipeline_id: 1 }, { id: 3, name: "Negotiations Started", pipeline_id: 1 }];
  for (const name of options.stages ?? []) stages.push({ id: stages.length + 1, name, pipeline_id: 1 });
  records.users.set("7", { id: "7", name: "Olivia Owner", email: "owner@vendor.example" });
  let remaining = 80;

  const fail = (status: number, error: string, info?: string): FakeResponse => ({ status, body: { success: false, error, error_info: info ?? "Please check developers.pipedrive.com", data: null, additional_data: null } });
  const bad = (issues: Array<{ path: string; message: string }>) => fail(400, `Validation failed: ${issues.map((i) => `${i.path || "body"}: ${i.message}`).join("; ")}`);
  const ok = (data: unknown, additional_data: unknown = null, status = 200): FakeResponse => ({ status, body: { success: true, data, additional_data } });
  const num = (r: FakeRecord) => ({ ...r, id: Number(r.id) });
  const now = () => new Date().toISOString().replace("T", " ").slice(0, 19);

  /** v2 search: `term` matched against `fields` (exact when exact_match=true); cursor pagination over the hits. */
  const search = (store: Map<string, FakeRecord>, type: string, req: FakeRequest, fieldOf: (r: FakeRecord, field: string) => string[], extra?: (r: FakeRecord) => boolean): FakeResponse => {
    const term = req.query.get("term") ?? "";
    const exact = req.query.get("exact_match") === "true";
    if (term.length < (exact ? 1 : 2)) return fail(400, "term must be at least 2 characters long");
    const fields = (req.query.get("fields") ?? "").split(",").filter(Boolean);
    const hits = [...store.values()].filter((r) => (extra ? extra(r) : true) && fields.some((f) => fieldOf(r, f).some((v) => exact ? v.toLowerCase() === term.toLowerCase() : v.toLowerCase().includes(term.toLowerCase()))));
    const limit = Math.min(Number(req.query.get("limit") ?? 100), 500);
    const start = Number(req.query.get("cursor") ? Buffer.from(req.query.get("cursor")!, "base64").toString() : 0);
    const page = hits.slice(start, start + limit);
    const next = start + limit < hits.length ? Buffer.from(String(start + limit)).toString("base64") : null;
    return ok({ items: page.map((r) => ({ result_score: 1, item: { ...num(r), type } })) }, { next_cursor: next });
  };

  const routes: Route[] = [
    { method: "GET", pattern: /^\/v1\/users\/me$/, handle: () => ok({ id: 7, name: "Olivia Owner", email: "owner@vendor.example", company_name: "Vendor Inc", company_domain: "vendor" }) },
    { method: "GET", pattern: /^\/v1\/users\/find$/, handle: (req) => {
      const term = (req.query.get("term") ?? "").toLowerCase();
      const byEmail = req.query.get("search_by_email") === "1" || req.query.get("search_by_email") === "true";
      const hits = [...records.users.values()].filter((u) => byEmail ? String(u.email).toLowerCase() === term : String(u.name).toLowerCase().includes(term));
      return ok(hits.length ? hits.map(num) : null);
    } },
    { method: "GET", pattern: /^\/api\/v2\/stages$/, handle: () => ok(stages, { next_cursor: null }) },
    { method: "GET", pattern: /^\/api\/v2\/organizations\/search$/, handle: (req) => search(records.accounts, "organization", req, (r, f) => f === "name" ? [String(r.name)] : f === "custom_fields" ? Object.values((r.custom_fields ?? {}) as Record<string, unknown>).map(String) : []) },
    { method: "POST", pattern: /^\/api\/v2\/organizations$/, handle: (req) => {
      const v = validate(OrgCreate, req.body, bad); if (!v.ok) return v.response;
      const rec = { id: nextId(), ...v.value, add_time: now() }; records.accounts.set(rec.id, rec); return ok(num(rec));
    } },
    { method: "GET", pattern: /^\/api\/v2\/persons\/search$/, handle: (req) => search(records.contacts, "person", req, (r, f) => f === "email" ? ((r.emails ?? []) as Array<{ value: string }>).map((e) => e.value) : f === "name" ? [String(r.name)] : []) },
    { method: "POST", pattern: /^\/api\/v2\/persons$/, handle: (req) => {
      const v = validate(PersonCreate, req.body, bad); if (!v.ok) return v.response;
      if (v.value.org_id !== undefined && !records.accounts.has(String(v.value.org_id))) return fail(400, "Organization not found");
      const rec = { id: nextId(), ...v.value, add_time: now() }; records.contacts.set(rec.id, rec); return ok(num(rec));
    } },
    { method: "GET", pattern: /^\/api\/v2\/deals\/search$/, handle: (req) => {
      const org = req.query.get("organization_id");
      return search(records.deals, "deal", req, (r, f) => f === "title" ? [String(r.title)] : f === "custom_fields" ? Object.values((r.custom_fields ?? {}) as Record<string, unknown>).map(String) : [], org ? (r) => String(r.org_id) === org : undefined);
    } },
    { method: "GET", pattern: /^\/api\/v2\/deals\/(\d+)$/, handle: (_req, [id]) => { const d = records.deals.get(id); return d ? ok(num(d)) : fail(404, "Deal not found"); } },
    { method: "POST", pattern: /^\/api\/v2\/deals$/, handle: (req) => {
      const v = validate(DealCreate, req.body, bad); if (!v.ok) return v.response;
      if (v.value.stage_id !== undefined && !stages.some((s) => s.id === v.value.stage_id)) return fail(400, "Stage not found");
      const rec = { id: nextId(), status: "open", ...v.value, add_time: now() }; records.deals.set(rec.id, rec);
      if (v.value.person_id) records.associations.add(`person:${v.value.person_id}->deal:${rec.id}`);
      return ok(num(rec));
    } },
    { method: "PATCH", pattern: /^\/api\/v2\/deals\/(\d+)$/, handle: (req, [id]) => {
      const d = records.deals.get(id); if (!d) return fail(404, "Deal not found");
      const v = validate(DealUpdate, req.body, bad); if (!v.ok) return v.response;
      const { custom_fields, ...rest } = v.value;
      Object.assign(d, rest, { update_time: now() });
      if (custom_fields) d.custom_fields = { ...(d.custom_fields as object ?? {}), ...custom_fields };
      return ok(num(d));
    } },
    { method: "POST", pattern: /^\/v1\/notes$/, handle: (req) => {
      const v = validate(NoteCreate, req.body, bad); if (!v.ok) return v.response;
      if (!v.value.deal_id && !v.value.org_id && !v.value.person_id) return fail(400, "Note must be attached to a deal, person, organization or lead");
      if (v.value.deal_id && !records.deals.has(String(v.value.deal_id))) return fail(404, "Deal not found");
      const rec = { id: nextId(), ...v.value, add_time: now() }; records.notes.set(rec.id, rec); return { status: 201, body: { success: true, data: num(rec) } };
    } },
    { method: "GET", pattern: /^\/v1\/notes$/, handle: (req) => {
      const deal = req.query.get("deal_id");
      const all = [...records.notes.values()].filter((n) => !deal || String(n.deal_id) === deal);
      const start = Number(req.query.get("start") ?? 0), limit = Number(req.query.get("limit") ?? 100);
      const page = all.slice(start, start + limit);
      return ok(page.map(num), { pagination: { start, limit, more_items_in_collection: start + limit < all.length, next_start: start + limit } });
    } },
    { method: "PUT", pattern: /^\/v1\/notes\/(\d+)$/, handle: (req, [id]) => {
      const n = records.notes.get(id); if (!n) return fail(404, "Note not found");
      const v = validate(NoteUpdate, req.body, bad); if (!v.ok) return v.response;
      Object.assign(n, v.value, { update_time: now() }); return ok(num(n));
    } },
    { method: "GET", pattern: /^\/api\/v2\/activities$/, handle: (req) => {
      const deal = req.query.get("deal_id");
      const all = [...records.tasks.values()].filter((t) => !deal || String(t.deal_id) === deal);
      const limit = Math.min(Number(req.query.get("limit") ?? 100), 500);
      const start = Number(req.query.get("cursor") ? Buffer.from(req.query.get("cursor")!, "base64").toString() : 0);
      const next = start + limit < all.length ? Buffer.from(String(start + limit)).toString("base64") : null;
      return ok(all.slice(start, start + limit).map(num), { next_cursor: next });
    } },
    { method: "POST", pattern: /^\/api\/v2\/activities$/, handle: (req) => {
      const v = validate(ActivityCreate, req.body, bad); if (!v.ok) return v.response;
      if (v.value.owner_id !== undefined && !records.users.has(String(v.value.owner_id))) return fail(400, "User not found");
      const rec = { id: nextId(), done: false, ...v.value, add_time: now() }; records.tasks.set(rec.id, rec); return ok(num(rec));
    } },
    { method: "PATCH", pattern: /^\/api\/v2\/activities\/(\d+)$/, handle: (req, [id]) => {
      const t = records.tasks.get(id); if (!t) return fail(404, "Activity not found");
      const v = validate(ActivityUpdate, req.body, bad); if (!v.ok) return v.response;
      Object.assign(t, v.value, { update_time: now() }); return ok(num(t));
    } },
  ];

  return {
    token: PIPEDRIVE_TOKEN,
    records,
    routes,
    authenticate: (req) => {
      const token = req.headers["x-api-token"] ?? req.query.get("api_token");
      if (token === PIPEDRIVE_TOKEN) { remaining = Math.max(0, remaining - 1); return null; }
      return { status: 401, body: { success: false, error: "unauthorized access", errorCode: 401, error_info: "Please check developers.pipedrive.com" } };
    },
    rateLimited: (retryAfter) => ({ status: 429, headers: { ...(retryAfter === null ? {} : { "retry-after": retryAfter }), "x-ratelimit-remaining": "0" }, body: { success: false, error: "Request over limit", errorCode: 429, error_info: "Please check developers.pipedrive.com" } }),
    serverError: (status) => ({ status, body: { success: false, error: "Internal server error", errorCode: status, error_info: "Please check developers.pipedrive.com" } }),
    notFound: (req) => fail(404, `Unknown method ${req.method} ${req.path}`),
    commonHeaders: () => ({ "x-ratelimit-limit": "80", "x-ratelimit-remaining": String(remaining), "x-ratelimit-reset": "2" }),
  };
}
