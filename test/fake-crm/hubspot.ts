// Local HubSpot: the CRM v3 object endpoints (create, update, search, batch upsert), v4 default associations
// and v3 owners, as https://developers.hubspot.com/docs/api-reference (crm/objects/*) describes them. Bearer
// auth; errors are { status: "error", message, correlationId, category, errors? }; 429s carry
// X-HubSpot-RateLimit-* headers. Records are { id, properties, createdAt, updatedAt, archived }.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { counter, emptyRecords, validate, type FakeOptions, type FakeRecord, type FakeResponse, type Route, type VendorFake } from "./server.ts";

export const HUBSPOT_TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";

const Props = z.record(z.string(), z.string().nullable());
const AssocInput = z.object({ to: z.object({ id: z.string() }).strict(), types: z.array(z.object({ associationCategory: z.enum(["HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED"]), associationTypeId: z.number().int() }).strict()).min(1) }).strict();
const CreateInput = z.object({ properties: Props, associations: z.array(AssocInput).optional(), objectWriteTraceId: z.string().optional() }).strict();
const UpdateInput = z.object({ properties: Props, objectWriteTraceId: z.string().optional() }).strict();
const UpsertInput = z.object({ inputs: z.array(z.object({ idProperty: z.string().min(1), id: z.string().min(1), properties: Props, objectWriteTraceId: z.string().optional() }).strict()).min(1).max(100) }).strict();
const Filter = z.object({ propertyName: z.string(), operator: z.enum(["EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"]), value: z.string().optional(), values: z.array(z.string()).optional(), highValue: z.string().optional() }).strict();
const BatchReadInput = z.object({ inputs: z.array(z.object({ id: z.string() }).strict()).max(100), properties: z.array(z.string()), propertiesWithHistory: z.array(z.string()), idProperty: z.string().optional() }).strict();
const SearchInput = z.object({
  filterGroups: z.array(z.object({ filters: z.array(Filter).max(6) }).strict()).max(5).optional(),
  properties: z.array(z.string()).optional(), limit: z.number().int().max(200).optional(), after: z.union([z.string(), z.number()]).optional(),
  sorts: z.array(z.unknown()).optional(), query: z.string().optional(),
}).strict();

/** Property names each object knows (a slice of the defaults, plus the custom ones a workspace would create). */
const KNOWN: Record<string, Set<string>> = {
  companies: new Set(["name", "domain", "website", "industry", "baton_id"]),
  contacts: new Set(["email", "firstname", "lastname", "jobtitle", "phone", "company"]),
  deals: new Set(["dealname", "amount", "dealstage", "pipeline", "closedate", "hs_next_step", "deal_currency_code", "hubspot_owner_id", "description", "baton_deal_id", "baton_deal_url", "partner_source", "meddicc_champion"]),
  notes: new Set(["hs_timestamp", "hs_note_body", "hubspot_owner_id"]),
  tasks: new Set(["hs_timestamp", "hs_task_subject", "hs_task_body", "hs_task_status", "hs_task_priority", "hs_task_type", "hubspot_owner_id"]),
};
/** Properties with hasUniqueValue (usable as idProperty in batch upsert). */
const UNIQUE: Record<string, Set<string>> = { contacts: new Set(["email"]), deals: new Set(["baton_deal_id"]), companies: new Set(["baton_id"]) };
const DEFAULT_STAGES = (["appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent", "closedwon", "closedlost"]);
const REQUIRED_ON_CREATE: Record<string, string[]> = { deals: ["dealname", "dealstage"], notes: ["hs_timestamp"], tasks: ["hs_timestamp"] };
/** HubSpot-defined association type ids for the pairs the adapter writes. */
const ASSOC_TYPES: Record<string, number> = { "deals->companies": 5, "deals->contacts": 3, "contacts->companies": 1, "notes->deals": 214, "tasks->deals": 216 };

export function createHubspotFake(options: FakeOptions = {}): VendorFake {
  const STAGES = new Set([...DEFAULT_STAGES, ...(options.stages ?? [])]);
  const records = emptyRecords();
  const nextId = counter(50_000);
  const store = (type: string) => ({ companies: records.accounts, contacts: records.contacts, deals: records.deals, notes: records.notes, tasks: records.tasks }[type]);
  records.users.set("9001", { id: "9001", email: "owner@vendor.example", firstName: "Olivia", lastName: "Owner", userId: 77, archived: false });

  const err = (status: number, message: string, category: string, extra: Record<string, unknown> = {}): FakeResponse =>
    ({ status, body: { status: "error", message, correlationId: randomUUID(), category, ...extra } });
  const invalid = (issues: Array<{ path: string; message: string }>) =>
    err(400, `Invalid input JSON: ${issues.map((i) => `${i.path || "body"}: ${i.message}`).join("; ")}`, "VALIDATION_ERROR", { errors: issues.map((i) => ({ message: i.message, in: i.path })) });
  const checkProps = (type: string, props: Record<string, string | null>, isCreate: boolean): FakeResponse | null => {
    const unknown = Object.keys(props).filter((k) => !KNOWN[type].has(k));
    if (unknown.length) return err(400, `Property values were not valid: ${JSON.stringify(unknown.map((name) => ({ isValid: false, message: `Property "${name}" does not exist`, error: "PROPERTY_DOESNT_EXIST", name })))}`, "VALIDATION_ERROR", { errors: unknown.map((name) => ({ message: `Property "${name}" does not exist`, code: "PROPERTY_DOESNT_EXIST", context: { propertyName: [name] } })) });
    if (props.dealstage != null && !STAGES.has(props.dealstage)) return err(400, `Property values were not valid: dealstage "${props.dealstage}" is not a valid pipeline stage`, "VALIDATION_ERROR", { errors: [{ message: `${props.dealstage} was not one of the allowed options`, code: "INVALID_OPTION", context: { propertyName: ["dealstage"] } }] });
    if (props.hs_task_status != null && !["NOT_STARTED", "IN_PROGRESS", "WAITING", "COMPLETED", "DEFERRED"].includes(props.hs_task_status)) return err(400, "Property values were not valid: hs_task_status", "VALIDATION_ERROR");
    if (props.amount != null && props.amount !== "" && Number.isNaN(Number(props.amount))) return err(400, "Property values were not valid: amount must be a number", "VALIDATION_ERROR");
    if (props.hubspot_owner_id != null && props.hubspot_owner_id !== "" && !records.users.has(props.hubspot_owner_id)) return err(400, `Property values were not valid: ${props.hubspot_owner_id} is not a valid owner id`, "VALIDATION_ERROR");
    if (isCreate) { const missing = (REQUIRED_ON_CREATE[type] ?? []).filter((k) => !props[k]); if (missing.length) return err(400, `Missing required properties: ${missing.join(", ")}`, "VALIDATION_ERROR"); }
    return null;
  };
  const present = (r: FakeRecord) => ({ id: r.id, properties: { ...(r.properties as object), hs_object_id: r.id }, createdAt: r.createdAt, updatedAt: r.updatedAt, archived: false });
  const now = () => new Date().toISOString();
  const create = (type: string, props: Record<string, string | null>): FakeRecord => {
    const t = now(); const rec = { id: nextId(), properties: { ...props }, createdAt: t, updatedAt: t };
    store(type)!.set(rec.id, rec); return rec;
  };
  const assoc = (fromType: string, fromId: string, toType: string, toId: string) => {
    records.associations.add(`${fromType}:${fromId}->${toType}:${toId}`);
    records.associations.add(`${toType}:${toId}->${fromType}:${fromId}`);
  };
  const OBJ = "(companies|contacts|deals|notes|tasks)";

  const routes: Route[] = [
    { method: "GET", pattern: new RegExp(`^/crm/v3/objects/${OBJ}$`), handle: (req, [type]) => {
      const limit = Number(req.query.get("limit") ?? 10); const after = Number(req.query.get("after") ?? 0);
      const all = [...store(type)!.values()];
      const page = all.slice(after, after + limit);
      return { status: 200, body: { results: page.map(present), ...(after + limit < all.length ? { paging: { next: { after: String(after + limit), link: "" } } } : {}) } };
    } },
    { method: "POST", pattern: new RegExp(`^/crm/v3/objects/${OBJ}/search$`), handle: (req, [type]) => {
      const v = validate(SearchInput, req.body, invalid); if (!v.ok) return v.response;
      const groups = v.value.filterGroups ?? [];
      const hit = (r: FakeRecord) => {
        const p = r.properties as Record<string, string | null>;
        return groups.length === 0 || groups.some((g) => g.filters.every((f) => {
          const val = p[f.propertyName];
          if (f.operator === "EQ") return val != null && val.toLowerCase() === (f.value ?? "").toLowerCase();
          if (f.operator === "HAS_PROPERTY") return val != null && val !== "";
          if (f.operator === "CONTAINS_TOKEN") return val != null && val.toLowerCase().includes((f.value ?? "").replaceAll("*", "").toLowerCase());
          return false;
        }));
      };
      const all = [...store(type)!.values()].filter(hit);
      const limit = v.value.limit ?? 10; const after = Number(v.value.after ?? 0);
      const page = all.slice(after, after + limit);
      return { status: 200, body: { total: all.length, results: page.map(present), ...(after + limit < all.length ? { paging: { next: { after: String(after + limit) } } } : {}) } };
    } },
    { method: "POST", pattern: new RegExp(`^/crm/v3/objects/${OBJ}$`), handle: (req, [type]) => {
      const v = validate(CreateInput, req.body, invalid); if (!v.ok) return v.response;
      const bad = checkProps(type, v.value.properties, true); if (bad) return bad;
      for (const a of v.value.associations ?? []) {
        const [toType] = Object.entries({ deals: records.deals, contacts: records.contacts, companies: records.accounts }).find(([, m]) => m.has(a.to.id)) ?? [];
        if (!toType) return err(400, `No object found for association target ${a.to.id}`, "VALIDATION_ERROR");
        if (a.types.some((t) => t.associationCategory === "HUBSPOT_DEFINED" && ASSOC_TYPES[`${type}->${toType}`] !== t.associationTypeId)) return err(400, `Association type ${a.types[0].associationTypeId} is not valid from ${type} to ${toType}`, "VALIDATION_ERROR");
      }
      if (type === "contacts" && v.value.properties.email && [...records.contacts.values()].some((c) => (c.properties as Record<string, string>).email === v.value.properties.email))
        return err(409, `Contact already exists. Existing ID: ${[...records.contacts.values()].find((c) => (c.properties as Record<string, string>).email === v.value.properties.email)!.id}`, "CONFLICT");
      const rec = create(type, v.value.properties);
      for (const a of v.value.associations ?? []) { const toType = records.deals.has(a.to.id) ? "deals" : records.contacts.has(a.to.id) ? "contacts" : "companies"; assoc(type, rec.id, toType, a.to.id); }
      return { status: 201, body: present(rec) };
    } },
    { method: "PATCH", pattern: new RegExp(`^/crm/v3/objects/${OBJ}/([^/]+)$`), handle: (req, [type, id]) => {
      const rec = store(type)!.get(id); if (!rec) return err(404, `Object not found.  objectId are usually numeric.`, "OBJECT_NOT_FOUND");
      const v = validate(UpdateInput, req.body, invalid); if (!v.ok) return v.response;
      const bad = checkProps(type, v.value.properties, false); if (bad) return bad;
      Object.assign(rec.properties as object, v.value.properties); rec.updatedAt = now();
      return { status: 200, body: present(rec) };
    } },
    { method: "POST", pattern: new RegExp(`^/crm/v3/objects/${OBJ}/batch/upsert$`), handle: (req, [type]) => {
      const v = validate(UpsertInput, req.body, invalid); if (!v.ok) return v.response;
      const startedAt = now();
      const results = [];
      for (const input of v.value.inputs) {
        if (!UNIQUE[type]?.has(input.idProperty)) return err(400, `Property ${input.idProperty} is not a unique identifier property for ${type}`, "VALIDATION_ERROR");
        const props = { ...input.properties, [input.idProperty]: input.id };
        const existing = [...store(type)!.values()].find((r) => (r.properties as Record<string, string>)[input.idProperty]?.toLowerCase() === input.id.toLowerCase());
        const bad = checkProps(type, props, !existing); if (bad) return bad;
        if (existing) { Object.assign(existing.properties as object, props); existing.updatedAt = now(); results.push({ ...present(existing), new: false }); }
        else results.push({ ...present(create(type, props)), new: true });
      }
      return { status: 200, body: { status: "COMPLETE", results, startedAt, completedAt: now() } };
    } },
    { method: "PUT", pattern: /^\/crm\/v4\/objects\/(\w+)\/([^/]+)\/associations\/default\/(\w+)\/([^/]+)$/, handle: (_req, [fromType, fromId, toType, toId]) => {
      if (!store(fromType)?.has(fromId) || !store(toType)?.has(toId)) return err(404, "One or more objects were not found", "OBJECT_NOT_FOUND");
      assoc(fromType, fromId, toType, toId);
      const typeId = ASSOC_TYPES[`${fromType}->${toType}`] ?? 1;
      return { status: 200, body: { status: "COMPLETE", results: [{ from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: typeId } }], startedAt: now(), completedAt: now() } };
    } },
    { method: "GET", pattern: /^\/crm\/v4\/objects\/(\w+)\/([^/]+)\/associations\/(\w+)$/, handle: (req, [fromType, fromId, toType]) => {
      if (!store(fromType)?.has(fromId)) return err(404, "Object not found", "OBJECT_NOT_FOUND");
      const prefix = `${fromType}:${fromId}->${toType}:`;
      const all = [...records.associations].filter((a) => a.startsWith(prefix)).map((a) => a.slice(prefix.length));
      const limit = Math.min(Number(req.query.get("limit") ?? 500), 500); const after = Number(req.query.get("after") ?? 0);
      const page = all.slice(after, after + limit);
      const typeId = ASSOC_TYPES[`${toType}->${fromType}`] ?? ASSOC_TYPES[`${fromType}->${toType}`] ?? 1;
      return { status: 200, body: { results: page.map((id) => ({ toObjectId: Number(id), associationTypes: [{ category: "HUBSPOT_DEFINED", typeId, label: null }] })), ...(after + limit < all.length ? { paging: { next: { after: String(after + limit) } } } : {}) } };
    } },
    { method: "POST", pattern: new RegExp(`^/crm/v3/objects/${OBJ}/batch/read$`), handle: (req, [type]) => {
      const v = validate(BatchReadInput, req.body, invalid); if (!v.ok) return v.response;
      const results = v.value.inputs.map((i) => store(type)!.get(i.id)).filter((r): r is FakeRecord => !!r).map((r) => {
        const props = r.properties as Record<string, string | null>;
        return { ...present(r), properties: Object.fromEntries([...v.value.properties, "hs_object_id"].map((k) => [k, k === "hs_object_id" ? r.id : props[k] ?? null])) };
      });
      return { status: 200, body: { status: "COMPLETE", results, startedAt: now(), completedAt: now() } };
    } },
    { method: "GET", pattern: /^\/crm\/v3\/owners\/?$/, handle: (req) => {
      const email = req.query.get("email")?.toLowerCase();
      const all = [...records.users.values()].filter((u) => !email || String(u.email).toLowerCase() === email);
      return { status: 200, body: { results: all.map((u) => ({ ...u, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z" })) } };
    } },
  ];

  return {
    token: HUBSPOT_TOKEN,
    records,
    routes,
    authenticate: (req) => req.headers.authorization === `Bearer ${HUBSPOT_TOKEN}` ? null
      : err(401, "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview", "INVALID_AUTHENTICATION"),
    rateLimited: (retryAfter) => ({ status: 429, headers: { ...(retryAfter === null ? {} : { "retry-after": retryAfter }), "x-hubspot-ratelimit-interval-milliseconds": "10000", "x-hubspot-ratelimit-max": "190", "x-hubspot-ratelimit-remaining": "0", "x-hubspot-ratelimit-secondly": "19", "x-hubspot-ratelimit-secondly-remaining": "0" },
      body: { status: "error", message: "You have reached your secondly limit.", errorType: "RATE_LIMIT", correlationId: randomUUID(), policyName: "SECONDLY", category: "RATE_LIMITS" } }),
    serverError: (status) => err(status, "internal error", "INTERNAL_ERROR"),
    notFound: (req) => ({ status: 404, body: { status: "error", message: `Unable to route ${req.method} ${req.path}`, correlationId: randomUUID(), category: "OBJECT_NOT_FOUND" } }),
    commonHeaders: () => ({ "x-hubspot-ratelimit-interval-milliseconds": "10000", "x-hubspot-ratelimit-max": "190", "x-hubspot-ratelimit-remaining": "189" }),
  };
}
