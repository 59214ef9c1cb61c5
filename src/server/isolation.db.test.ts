// THE ISOLATION SUITE, generated over the route table: every API route has an access rule; a partner user
// (by session cookie + CSRF token, and by API token) reaches nothing of a deal that is not shared with their
// organisation, no staff-only route, and never a word marked internal. A new route without a rule, or a
// handler that leaks, fails here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDeps } from "../../test/db.ts";
import { DEAL2_MARKER, INTERNAL_MARKER, makeClient, seedPartnerWorld, type Answer, type Caller, type World } from "../../test/fixtures/partner-access/seed.ts";
import type { Database } from "../db/client.ts";
import { createAuthenticator } from "../modules/auth/index.ts";
import { ACCESS, findAccessRule, type AccessRule } from "./access.ts";
import { createApp } from "./http.ts";
import { createRouteModules } from "./main.ts";

// Buyer links are signed with the secret box: a test key, so no key file is written into the data dir.
process.env.BATON_SECRET_KEY ??= "isolation-suite-secret-key-0123456789";

let database: Database;
let app: ReturnType<typeof createApp>;
let call: ReturnType<typeof makeClient>;
let w: World;

interface Route { method: string; path: string; key: string; rule: AccessRule | null }
let routes: Route[] = [];

function buildApp(deps: ReturnType<typeof testDeps>) {
  return createApp({ deps, authenticate: createAuthenticator(deps), modules: createRouteModules(), access: ACCESS });
}

beforeAll(async () => {
  database = await openTestDb();
  const deps = testDeps(database);
  app = buildApp(deps);
  call = makeClient(app);
  const seen = new Set<string>();
  for (const r of app.routes) {
    if (r.method === "ALL" || !r.path.startsWith("/api/")) continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    routes.push({ method: r.method, path: r.path, key, rule: findAccessRule(r.method, r.path)?.rule ?? null });
  }
  w = await seedPartnerWorld(app, deps);
}, 120_000);
afterAll(async () => { await database?.close(); });

const PARTNER_RULES = new Set<AccessRule>(["partner-list", "partner-deal", "partner-conversation", "partner-recap", "partner-item", "partner-org"]);
const hasParams = (path: string) => /:\w+/.test(path);

/** Fills each path parameter with an object of the named scope: the resource the segment before it names. */
function fill(path: string, scope: "foreign" | "own", opts: { internalItem?: boolean } = {}): string {
  const o = scope === "foreign";
  return path.replace(/\/([^/]+)\/:(\w+)/g, (_m, seg: string, param: string) => {
    const id = ((): string => {
      if (param === "orgId") return o ? w.orgB : w.orgA;
      if (param === "itemId") return opts.internalItem ? w.item1Internal : o ? w.item2 : w.item1Shared;
      if (param === "token") return "not-a-real-token";
      if (param === "file") return "snap_nope.html";
      switch (seg) {
        case "deals": return o ? w.deal2 : w.deal1;
        case "conversations": return o ? w.conv2 : w.conv1;
        case "recaps": return o ? w.recap2 : w.recap1;
        case "items": case "ledger": return opts.internalItem ? w.item1Internal : o ? w.item2 : w.item1Shared;
        case "partners": case "orgs": return o ? w.orgB : w.orgA;
        case "people": return w.personB;
        case "users": return w.partnerB.userId;
        case "tokens": return w.partnerB.tokenId;
        case "invitations": return w.invitationB;
        default: return "nope";
      }
    })();
    return `/${seg}/${encodeURIComponent(id)}`;
  });
}

/** A body the handler would accept from a signed-in admin, so that only the access rule stands in the way. */
function plausibleBody(r: Route, scope: "foreign" | "own"): unknown {
  const deal = scope === "foreign" ? w.deal2 : w.deal1;
  const org = scope === "foreign" ? w.orgB : w.orgA;
  const bodies: Record<string, unknown> = {
    "POST /api/auth/login": { email: w.partnerB.email, password: "not-the-password" },
    "POST /api/auth/setup": { token: "nope", email: "x@brightpath.example", name: "X", password: "long-enough-password" },
    "POST /api/auth/tokens": { name: "isolation" },
    "POST /api/auth/invitations/:token/accept": { name: "Mallory", password: "long-enough-password" },
    "POST /api/invitations": { email: "friend@brightpath.example", partnerOrgId: org },
    "PATCH /api/users/:id": { disabled: true },
    "POST /api/conversations/:id/internal": { internal: false },
    "PATCH /api/items/:id": { internal: false },
    "POST /api/ledger/:itemId/events": { type: "done", note: "isolation" },
    "POST /api/recaps/:id/approve": { side: "partner" },
    "PATCH /api/recaps/:id": { lines: [{ text: "overwritten" }] },
    "POST /api/recaps/:id/send": {},
    "POST /api/ask": { question: "What is the budget for Saltmarsh and does it run on premises?" },
    "POST /api/deals/:id/ask": { question: "Who owns the margin sheet?" },
    "PATCH /api/deals/:id": { stage: "lost" },
    "POST /api/deals": { name: "Sneaky deal", partnerOrgIds: [org] },
    "POST /api/orgs": { name: "Sneaky org", side: "partner" },
    "PATCH /api/orgs/:id": { name: "Renamed" },
    "POST /api/people": { name: "Sneaky Person" },
    "PATCH /api/people/:id": { name: "Renamed" },
    "PUT /api/partners/:id": { tier: "Platinum" },
    "PATCH /api/conversations/:id": { title: "Renamed" },
    "POST /api/deals/:id/attribution/claims": { kind: "note", text: "we sourced it" },
    "POST /api/deals/:id/huddles": { heldAt: "2026-03-04T09:00:00Z", notes: "held" },
    "PUT /api/partners/:orgId/first-win": { sentence: "First co-sold deal" },
    "POST /api/ledger/walks": { deal },
  };
  return bodies[r.key] ?? (r.method === "GET" || r.method === "DELETE" ? undefined : {});
}

const partnerA = (): Caller[] => [
  { cookie: w.partnerA.cookie, csrf: w.partnerA.csrf },
  { bearer: w.partnerA.bearer },
];
const via = (c: Caller) => (c.bearer ? "API token" : "session");

function expectNoLeak(r: Route, path: string, a: Answer, who: Caller) {
  expect(a.status, `${r.key} (${path}) as partner A by ${via(who)} answered ${a.status}: ${a.text.slice(0, 300)}`).toBeLessThan(500);
  expect(a.text.includes(DEAL2_MARKER), `${r.key} (${path}) as partner A by ${via(who)} leaked deal 2: ${a.text.slice(0, 300)}`).toBe(false);
  expect(a.text.includes(INTERNAL_MARKER), `${r.key} (${path}) as partner A by ${via(who)} leaked internal content: ${a.text.slice(0, 300)}`).toBe(false);
}

describe("isolation suite", () => {
  it("every API route has an access rule", () => {
    expect(routes.length).toBeGreaterThan(50);
    const missing = routes.filter((r) => r.rule == null).map((r) => r.key);
    expect(missing, "routes without a rule in ACCESS (src/server/access.ts)").toEqual([]);
  });

  it("the seeded world is what the suite assumes (so it cannot pass vacuously)", async () => {
    const staff = await call("GET", `/api/conversations/${w.conv1}`, undefined, w.admin);
    expect(staff.text).toContain(INTERNAL_MARKER);
    const notes = await call("GET", `/api/conversations/${w.notes1}`, undefined, w.admin);
    expect(notes.json.conversation.isInternal).toBe(true);
    const deal2 = await call("GET", `/api/deals/${w.deal2}`, undefined, w.admin);
    expect(deal2.text).toContain(DEAL2_MARKER);
    const recap = await call("GET", `/api/recaps/${w.recap1}`, undefined, w.admin);
    expect(recap.json.recap.lines.some((l: { internal: boolean; text: string }) => l.internal && l.text.includes(INTERNAL_MARKER))).toBe(true);
    for (const who of partnerA()) {
      const own = await call("GET", `/api/conversations/${w.conv1}`, undefined, who);
      expect(own.status).toBe(200);
      expect(own.text).toContain("integration checklist");
      expect(own.json.utterances.map((u: { seq: number }) => u.seq)).toEqual([3, 4, 5, 6]);
      expect((await call("GET", `/api/deals/${w.deal1}`, undefined, who)).status).toBe(200);
    }
  });

  it("partner A reaches nothing of deal 2 or partner B, on any route", async () => {
    for (const r of routes) {
      for (const who of partnerA()) {
        if (r.key === "POST /api/auth/logout") continue; // ends the caller's own session: checked on its own below
        const path = fill(r.path, "foreign");
        const a = await call(r.method, path, plausibleBody(r, "foreign"), who);
        expectNoLeak(r, path, a, who);
        if (hasParams(r.path)) {
          expect(a.status, `${r.key} (${path}) as partner A by ${via(who)} answered ${a.status}: ${a.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
          if (r.rule && PARTNER_RULES.has(r.rule)) expect([403, 404], `${r.key} by ${via(who)}`).toContain(a.status);
        }
        if (r.rule === "staff" || r.rule === "admin") expect(a.status, `${r.key} by ${via(who)}`).toBe(403);
        if (r.key === "GET /api/deals") expect(a.json.deals.map((d: { id: string }) => d.id)).toEqual([w.deal1]);
      }
    }
  });

  it("query parameters naming partner B or deal 2 do not widen partner A's answers", async () => {
    for (const who of partnerA()) {
      const deals = await call("GET", `/api/deals?partner=${w.orgB}`, undefined, who);
      expect(deals.json.deals).toEqual([]);
      expect((await call("GET", `/api/partners/revenue?period=2026Q1&partner=${w.orgB}`, undefined, who)).status).toBe(403);
      expect((await call("GET", `/api/partners/activation?partner=${w.orgB}`, undefined, who)).status).toBe(403);
      const items = await call("GET", `/api/deals/${w.deal1}/items?conversationId=${w.conv2}&includeDismissed=true`, undefined, who);
      expect(items.json.items).toEqual([]);
      for (const path of [`/api/deals/${w.deal1}/items?conversationId=${w.notes1}`, `/api/conversations/${w.conv1}/recap?audience=internal`, `/api/recaps/${w.recap1}?audience=internal`]) {
        const a = await call("GET", path, undefined, who);
        expect(a.status, path).toBe(200);
        expect(a.text, path).not.toContain(INTERNAL_MARKER);
      }
    }
  });

  it("partner A's own deal: staff-only routes answer 403, partner routes never carry internal words", async () => {
    let answered = 0;
    for (const r of routes) {
      if (r.key === "POST /api/auth/logout") continue;
      for (const who of partnerA()) {
        const path = fill(r.path, "own");
        const a = await call(r.method, path, plausibleBody(r, "own"), who);
        expectNoLeak(r, path, a, who);
        if (r.rule === "staff" || r.rule === "admin") expect(a.status, `${r.key} (${path}) by ${via(who)}: ${a.text.slice(0, 200)}`).toBe(403);
        if (r.rule && PARTNER_RULES.has(r.rule) && a.status < 300) answered++;
      }
    }
    expect(answered, "partner routes on the partner's own deal answered").toBeGreaterThan(10);
  });

  it("internal items, whole internal conversations and their recaps do not exist for partner A", async () => {
    for (const who of partnerA()) {
      expect((await call("GET", `/api/conversations/${w.notes1}`, undefined, who)).status).toBe(404);
      expect((await call("GET", `/api/conversations/${w.notes1}/recap`, undefined, who)).status).toBe(404);
      const ev = await call("POST", `/api/ledger/${w.item1Internal}/events`, { type: "done" }, who);
      expect(ev.status).toBe(404);
      const items = await call("GET", `/api/deals/${w.deal1}/items`, undefined, who);
      expect(items.json.items.map((i: { id: string }) => i.id)).not.toContain(w.item1Internal);
      expect(items.json.items.length).toBeGreaterThan(0);
      const page = await call("GET", `/api/deals/${w.deal1}`, undefined, who);
      expect(page.json.conversations.map((c: { id: string }) => c.id)).toEqual([w.conv1, w.huddleShared]);
      const huddles = await call("GET", `/api/deals/${w.deal1}/huddles`, undefined, who);
      expect(huddles.json.huddles.map((h: { conversationId: string }) => h.conversationId)).toEqual([w.huddleShared]);
    }
    // Staff still see all of it.
    const staffItems = await call("GET", `/api/deals/${w.deal1}/items`, undefined, w.admin);
    expect(staffItems.json.items.map((i: { id: string }) => i.id)).toContain(w.item1Internal);
  });

  it("partner A approves the recap of their deal for the partner side, and sees it without internal lines", async () => {
    const a = await call("POST", `/api/recaps/${w.recap1}/approve`, { side: "partner" }, { cookie: w.partnerA.cookie, csrf: w.partnerA.csrf });
    expect(a.status).toBe(200);
    expect(a.json.recap.approvals.partner).toMatchObject({ side: "partner", onBehalf: false });
    expect(a.text).not.toContain(INTERNAL_MARKER);
    expect((await call("POST", `/api/recaps/${w.recap1}/approve`, { side: "ours" }, { bearer: w.partnerA.bearer })).status).toBe(403);
  });

  it("a buyer sees no internal words through a buyer link", async () => {
    expect(routes.some((r) => r.key === "POST /api/recaps/:id/buyer-links")).toBe(true);
    await call("POST", `/api/recaps/${w.recap1}/approve`, { side: "ours" }, w.admin);
    const link = await call("POST", `/api/recaps/${w.recap1}/buyer-links`, {}, w.admin);
    expect(link.status, link.text).toBeLessThan(300);
    const token = /\/share\/([^/?#"]+)/.exec(link.text)?.[1];
    expect(token, link.text).toBeTruthy();
    const shared = await call("GET", `/api/share/${token}`);
    expect(shared.status, shared.text).toBe(200);
    expect(shared.text).not.toContain(INTERNAL_MARKER);
    expect(shared.text).not.toContain(DEAL2_MARKER);
    // The link is no credential: every other route, on deal 1 or deal 2, refuses it as a bearer token or a cookie.
    let tried = 0;
    for (const r of routes) {
      if (r.rule === "public") continue;
      for (const scope of ["own", "foreign"] as const) {
        const path = fill(r.path, scope);
        for (const who of [{ bearer: token! }, { cookie: token!, csrf: token! }]) {
          const a = await call(r.method, path, plausibleBody(r, scope), who);
          expect(a.status, `${r.key} (${path}) with the buyer link as ${who.bearer ? "a bearer token" : "a session cookie"}: ${a.text.slice(0, 200)}`).toBe(401);
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(100);
  });

  it("logging out ends only the caller's own session", async () => {
    const login = await call("POST", "/api/auth/login", { email: w.partnerA.email, password: "partner-password-1" });
    const out = await call("POST", "/api/auth/logout", undefined, { cookie: login.cookie, csrf: login.json.csrfToken });
    expect(out.status).toBe(200);
    expect((await call("GET", "/api/auth/me", undefined, { cookie: login.cookie })).status).toBe(401);
    expect((await call("GET", "/api/auth/me", undefined, { cookie: w.partnerB.cookie })).status).toBe(200);
  });

  // Last: an admin's bad bodies may still change the seeded world (a {} that a route accepts).
  it("no write route answers a bad body with a 5xx: malformed JSON, a body of the wrong media type, {}, wrong types, an array", async () => {
    const raw = (method: string, path: string, body: string, type: string) => app.request(`http://localhost${path}`, {
      method, headers: { authorization: `Bearer ${w.admin.bearer}`, "content-type": type }, body,
    }, { incoming: { socket: { remoteAddress: "198.51.100.20" } } });
    const wrongTypes = { name: 42, email: [], review: 5, status: {}, side: "martian", version: "x", internal: "yes", question: 7, lines: "none", startedAt: "yesterday", due: "soon", period: "?" };
    const bodies: Array<[string, string, string]> = [
      ["malformed JSON", "{not json", "application/json"], ["text", "hello", "text/plain"], ["{}", "{}", "application/json"],
      ["wrong types", JSON.stringify(wrongTypes), "application/json"], ["an array", "[1,2]", "application/json"],
      ["a NUL character", JSON.stringify({ name: "a\u0000b", question: "who\u0000", lines: [{ text: "x\u0000" }], email: "a\u0000@b.example" }), "application/json"],
    ];
    const answered = new Map<number, number>();
    for (const r of routes) {
      if (!["POST", "PATCH", "PUT"].includes(r.method) || r.path === "/api/auth/logout") continue;
      for (const scope of ["own", "foreign"] as const) {
        const path = fill(r.path, scope);
        for (const [what, body, type] of bodies) {
          const res = await raw(r.method, path, body, type);
          const text = await res.text();
          expect(res.status, `${r.key} (${path}) with ${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
          answered.set(res.status, (answered.get(res.status) ?? 0) + 1);
        }
      }
    }
    // Most refused as bad input (400/415), so the probe reached the handlers and validators, not only the access rules.
    expect((answered.get(400) ?? 0) + (answered.get(415) ?? 0)).toBeGreaterThan(200);
  });

  it("no read route answers a 5xx for odd ids or query strings (a NUL character among them)", async () => {
    const queries = ["", "?limit=-1", "?limit=abc", "?status=bogus", "?week=2026-W99", "?period=zzz", "?from=notadate", "?format=exe", "?audience=martian", "?q=%00", "?side=martian", "?deal=nope"];
    let tried = 0;
    for (const r of routes) {
      if (r.method !== "GET") continue;
      for (const path of [fill(r.path, "own"), r.path.replace(/:\w+/g, "nope"), r.path.replace(/:\w+/g, "%00")]) {
        for (const q of queries) {
          const a = await call("GET", path + q, undefined, w.admin);
          expect(a.status, `GET ${path}${q}: ${a.text.slice(0, 300)}`).toBeLessThan(500);
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(500);
  });
});
