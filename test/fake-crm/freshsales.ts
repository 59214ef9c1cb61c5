// Local Freshsales (Freshworks CRM): https://developers.freshworks.com/crm/api/ — URLs <bundle>/crm/sales/api/…,
// `Authorization: Token token=<api key>`, bodies wrapped in the singular entity name ({ deal: {…} }), contacts
// upsert by unique_identifier, lookup (GET /api/lookup?q=&f=&entities=) answering { <plural>: { <plural>: […] } },
// selectors (owners, deal_stages). 401 answers { login: "failed", message }; validation errors
// { errors: { code: 400, message: [...] } }; 429 with x-ratelimit-* and retry-after.
import { z } from "zod";
import { counter, emptyRecords, validate, type FakeOptions, type FakeRecord, type FakeRequest, type FakeResponse, type Route, type VendorFake } from "./server.ts";

export const FRESHSALES_TOKEN = "fs-fake-api-key-0123456789";

const CustomFields = z.object({ cf_baton_deal_id: z.string().optional(), cf_partner_source: z.string().nullable().optional(), cf_meddicc_champion: z.string().nullable().optional() }).strict();
const AccountBody = z.object({ sales_account: z.object({ name: z.string().min(1), website: z.string().nullable().optional(), owner_id: z.number().int().optional() }).strict() }).strict();
const ContactFields = z.object({ first_name: z.string().nullable().optional(), last_name: z.string().min(1), email: z.string().email().optional(), job_title: z.string().nullable().optional(), sales_accounts: z.array(z.object({ id: z.number().int(), is_primary: z.boolean() }).strict()).optional(), owner_id: z.number().int().optional() }).strict();
const ContactUpsert = z.object({ unique_identifier: z.object({ emails: z.string().email() }).strict(), contact: ContactFields.partial({ last_name: true }) }).strict();
const ContactCreate = z.object({ contact: ContactFields }).strict();
const DealFields = z.object({
  name: z.string().min(1), amount: z.number().nullable().optional(), currency_id: z.number().int().optional(), sales_account_id: z.number().int().optional(),
  deal_stage_id: z.number().int().optional(), expected_close: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(), owner_id: z.number().int().optional(),
  contacts_added_list: z.array(z.number().int()).optional(), custom_field: CustomFields.optional(),
}).strict();
const DealCreate = z.object({ deal: DealFields }).strict();
const DealUpdate = z.object({ deal: DealFields.partial() }).strict();
const NoteBody = z.object({ note: z.object({ description: z.string().min(1), targetable_type: z.enum(["Contact", "SalesAccount", "Deal"]), targetable_id: z.number().int() }).strict() }).strict();
const NoteUpdate = z.object({ note: z.object({ description: z.string().min(1) }).strict() }).strict();
const TaskFields = z.object({ title: z.string().min(1), description: z.string().nullable().optional(), due_date: z.string().datetime({ offset: true }), owner_id: z.number().int().optional(), targetable_type: z.enum(["Contact", "SalesAccount", "Deal"]), targetable_id: z.number().int(), status: z.union([z.literal(0), z.literal(1)]).optional() }).strict();
const TaskCreate = z.object({ task: TaskFields }).strict();
const TaskUpdate = z.object({ task: TaskFields.partial() }).strict();

export function createFreshsalesFake(options: FakeOptions = {}): VendorFake {
  const records = emptyRecords();
  const nextId = counter(16_000_000);
  const stages = [{ id: 201, name: "New", position: 1 }, { id: 202, name: "Demo", position: 2 }, { id: 203, name: "Negotiation", position: 3 }, { id: 204, name: "Won", position: 4 }];
  for (const name of options.stages ?? []) stages.push({ id: 201 + stages.length, name, position: stages.length + 1 });
  records.users.set("31000000011", { id: "31000000011", display_name: "Olivia Owner", email: "owner@vendor.example", is_active: true });
  let remaining = 1000;

  const bad = (issues: Array<{ path: string; message: string }>): FakeResponse => ({ status: 400, body: { errors: { code: 400, message: issues.map((i) => `${i.path || "body"}: ${i.message}`) } } });
  const notFound = (what: string): FakeResponse => ({ status: 404, body: { errors: { code: 404, message: `${what} not found` } } });
  const num = (r: FakeRecord) => ({ ...r, id: Number(r.id) });
  const now = () => new Date().toISOString();
  const insert = (m: Map<string, FakeRecord>, fields: Record<string, unknown>) => { const r = { id: nextId(), ...fields, created_at: now(), updated_at: now() }; m.set(r.id, r); return r; };
  const body = <T>(schema: z.ZodType<T>, req: FakeRequest) => validate(schema, req.body, bad);

  const routes: Route[] = [
    { method: "GET", pattern: /^\/crm\/sales\/api\/selector\/owners$/, handle: () => ({ status: 200, body: { users: [...records.users.values()].map(num) } }) },
    { method: "GET", pattern: /^\/crm\/sales\/api\/selector\/deal_stages$/, handle: () => ({ status: 200, body: { deal_stages: stages } }) },
    { method: "GET", pattern: /^\/crm\/sales\/api\/lookup$/, handle: (req) => {
      const q = (req.query.get("q") ?? "").toLowerCase(), f = req.query.get("f") ?? "", entities = (req.query.get("entities") ?? "").split(",");
      if (!q || !f || !entities[0]) return { status: 400, body: { errors: { code: 400, message: ["q, f and entities are required"] } } };
      const match = (r: FakeRecord) => {
        const v = f.startsWith("cf_") ? (r.custom_field as Record<string, unknown> | undefined)?.[f] : r[f];
        return v != null && String(v).toLowerCase() === q;
      };
      const out: Record<string, unknown> = {};
      if (entities.includes("contact")) out.contacts = { contacts: [...records.contacts.values()].filter(match).map(num) };
      if (entities.includes("sales_account")) out.sales_accounts = { sales_accounts: [...records.accounts.values()].filter(match).map(num) };
      if (entities.includes("deal")) out.deals = { deals: [...records.deals.values()].filter(match).map(num) };
      return { status: 200, body: out };
    } },
    { method: "POST", pattern: /^\/crm\/sales\/api\/sales_accounts$/, handle: (req) => {
      const v = body(AccountBody, req); if (!v.ok) return v.response;
      if ([...records.accounts.values()].some((a) => String(a.name).toLowerCase() === v.value.sales_account.name.toLowerCase())) return { status: 400, body: { errors: { code: 400, message: ["Name already exists"] } } };
      return { status: 200, body: { sales_account: num(insert(records.accounts, v.value.sales_account)) } };
    } },
    { method: "POST", pattern: /^\/crm\/sales\/api\/contacts\/upsert$/, handle: (req) => {
      const v = body(ContactUpsert, req); if (!v.ok) return v.response;
      const email = v.value.unique_identifier.emails.toLowerCase();
      const existing = [...records.contacts.values()].find((c) => String(c.email).toLowerCase() === email);
      if (existing) { Object.assign(existing, v.value.contact, { updated_at: now() }); return { status: 200, body: { contact: num(existing) } }; }
      if (!v.value.contact.last_name) return { status: 400, body: { errors: { code: 400, message: ["last_name: is required"] } } };
      return { status: 200, body: { contact: num(insert(records.contacts, { ...v.value.contact, email })) } };
    } },
    { method: "POST", pattern: /^\/crm\/sales\/api\/contacts$/, handle: (req) => {
      const v = body(ContactCreate, req); if (!v.ok) return v.response;
      return { status: 200, body: { contact: num(insert(records.contacts, v.value.contact)) } };
    } },
    { method: "POST", pattern: /^\/crm\/sales\/api\/deals$/, handle: (req) => {
      const v = body(DealCreate, req); if (!v.ok) return v.response;
      if (v.value.deal.deal_stage_id !== undefined && !stages.some((s) => s.id === v.value.deal.deal_stage_id)) return { status: 400, body: { errors: { code: 400, message: ["deal_stage_id: is invalid"] } } };
      const { contacts_added_list, ...rest } = v.value.deal;
      const rec = insert(records.deals, { ...rest, contact_ids: contacts_added_list ?? [] });
      for (const c of contacts_added_list ?? []) records.associations.add(`contact:${c}->deal:${rec.id}`);
      return { status: 200, body: { deal: num(rec) } };
    } },
    { method: "GET", pattern: /^\/crm\/sales\/api\/deals\/(\d+)$/, handle: (req, [id]) => {
      const d = records.deals.get(id); if (!d) return notFound("Deal");
      const include = (req.query.get("include") ?? "").split(",");
      const mine = (m: Map<string, FakeRecord>) => [...m.values()].filter((x) => x.targetable_type === "Deal" && String(x.targetable_id) === id).map(num);
      return { status: 200, body: { deal: num(d), ...(include.includes("notes") ? { notes: mine(records.notes) } : {}), ...(include.includes("tasks") ? { tasks: mine(records.tasks) } : {}) } };
    } },
    { method: "PUT", pattern: /^\/crm\/sales\/api\/deals\/(\d+)$/, handle: (req, [id]) => {
      const d = records.deals.get(id); if (!d) return notFound("Deal");
      const v = body(DealUpdate, req); if (!v.ok) return v.response;
      const { contacts_added_list, custom_field, ...rest } = v.value.deal;
      Object.assign(d, rest, { updated_at: now() });
      if (custom_field) d.custom_field = { ...(d.custom_field as object ?? {}), ...custom_field };
      if (contacts_added_list) { d.contact_ids = [...new Set([...(d.contact_ids as number[]), ...contacts_added_list])]; for (const c of contacts_added_list) records.associations.add(`contact:${c}->deal:${id}`); }
      return { status: 200, body: { deal: num(d) } };
    } },
    { method: "POST", pattern: /^\/crm\/sales\/api\/notes$/, handle: (req) => {
      const v = body(NoteBody, req); if (!v.ok) return v.response;
      if (v.value.note.targetable_type === "Deal" && !records.deals.has(String(v.value.note.targetable_id))) return notFound("Deal");
      return { status: 201, body: { note: num(insert(records.notes, v.value.note)) } };
    } },
    { method: "PUT", pattern: /^\/crm\/sales\/api\/notes\/(\d+)$/, handle: (req, [id]) => {
      const n = records.notes.get(id); if (!n) return notFound("Note");
      const v = body(NoteUpdate, req); if (!v.ok) return v.response;
      Object.assign(n, v.value.note, { updated_at: now() }); return { status: 200, body: { note: num(n) } };
    } },
    { method: "POST", pattern: /^\/crm\/sales\/api\/tasks$/, handle: (req) => {
      const v = body(TaskCreate, req); if (!v.ok) return v.response;
      if (v.value.task.owner_id !== undefined && !records.users.has(String(v.value.task.owner_id))) return { status: 400, body: { errors: { code: 400, message: ["owner_id: is invalid"] } } };
      return { status: 201, body: { task: num(insert(records.tasks, { status: 0, ...v.value.task })) } };
    } },
    { method: "PUT", pattern: /^\/crm\/sales\/api\/tasks\/(\d+)$/, handle: (req, [id]) => {
      const t = records.tasks.get(id); if (!t) return notFound("Task");
      const v = body(TaskUpdate, req); if (!v.ok) return v.response;
      Object.assign(t, v.value.task, { updated_at: now() }); return { status: 200, body: { task: num(t) } };
    } },
  ];

  return {
    token: FRESHSALES_TOKEN,
    records,
    routes,
    basePath: "/crm/sales",
    authenticate: (req) => {
      if (req.headers.authorization === `Token token=${FRESHSALES_TOKEN}`) { remaining = Math.max(0, remaining - 1); return null; }
      return { status: 401, body: { login: "failed", message: "Incorrect or expired API key" } };
    },
    rateLimited: (retryAfter) => ({ status: 429, headers: { ...(retryAfter === null ? {} : { "retry-after": retryAfter }), "x-ratelimit-remaining": "0" }, body: { errors: { code: 429, message: "Too many requests. Please retry after some time." } } }),
    serverError: (status) => ({ status, body: { errors: { code: status, message: "Something went wrong" } } }),
    notFound: () => ({ status: 404, body: { errors: { code: 404, message: "Resource not found" } } }),
    commonHeaders: () => ({ "x-ratelimit-limit": "1000", "x-ratelimit-remaining": String(remaining) }),
  };
}
