// The shared machinery of the local CRM servers: one node:http server per vendor that records every request,
// checks the vendor's auth header, validates bodies with zod (vendor-shaped 400s), and injects faults.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { z } from "zod";

export interface FakeRequest { method: string; path: string; query: URLSearchParams; headers: IncomingHttpHeaders; body: unknown; rawBody: string }
export interface FakeResponse { status: number; headers?: Record<string, string>; body?: unknown }

/** One way to fail the next `times` requests (default 1). */
export type Fault =
  /** The vendor's 429; `retryAfter: null` leaves the Retry-After header out (only vendor rate-limit headers remain). */
  | { type: "rate-limit"; times?: number; retryAfter?: string | null }
  | { type: "server-error"; times?: number; status?: 500 | 502 | 503 }
  | { type: "drop"; times?: number }
  /** Handle the request (records change) but cut the connection instead of answering: the "lost answer" case. */
  | { type: "drop-after"; times?: number }
  | { type: "delay"; times?: number; ms: number }
  /** Any answer, for vendor-specific failures (e.g. Salesforce 403 REQUEST_LIMIT_EXCEEDED). */
  | { type: "respond"; times?: number; status: number; headers?: Record<string, string>; body?: unknown };

export interface FakeRecord { id: string; [field: string]: unknown }
/** In-memory stores, one per CRM object kind, so tests can count what the adapter wrote. */
export interface FakeRecords {
  accounts: Map<string, FakeRecord>;
  contacts: Map<string, FakeRecord>;
  deals: Map<string, FakeRecord>;
  notes: Map<string, FakeRecord>;
  tasks: Map<string, FakeRecord>;
  users: Map<string, FakeRecord>;
  /** Links between records, e.g. "contact:12->deal:34". */
  associations: Set<string>;
}

/** How a test sets up the CRM account behind a fake. */
export interface FakeOptions {
  /** Extra deal stages the CRM's pipeline has (by name / id), besides the vendor's defaults. */
  stages?: string[];
}

export interface Route { method: string; pattern: RegExp; handle: (req: FakeRequest, params: string[]) => FakeResponse | Promise<FakeResponse> }

/** What each vendor module supplies. */
export interface VendorFake {
  token: string;
  records: FakeRecords;
  routes: Route[];
  /** null when the request carries the right credentials; otherwise the vendor's 401 answer. */
  authenticate(req: FakeRequest): FakeResponse | null;
  rateLimited(retryAfter: string | null): FakeResponse;
  serverError(status: number): FakeResponse;
  notFound(req: FakeRequest): FakeResponse;
  /** Headers the vendor adds to every answer (rate-limit counters). */
  commonHeaders?(): Record<string, string>;
  /** Where the adapter should point: the vendor's API root below the server origin ("" or "/crm/sales"). */
  basePath?: string;
}

export interface RecordedRequest { method: string; path: string; query: Record<string, string>; headers: IncomingHttpHeaders; body: unknown }

export interface RunningFake {
  url: string; token: string; records: FakeRecords; requests: RecordedRequest[];
  inject(fault: Fault): void; close(): Promise<void>;
}

export function emptyRecords(): FakeRecords {
  return { accounts: new Map(), contacts: new Map(), deals: new Map(), notes: new Map(), tasks: new Map(), users: new Map(), associations: new Set() };
}

/** A sequential id generator per server (vendors use numeric ids; Salesforce builds its own 18-char ids). */
export function counter(start = 1000) { let n = start; return () => String(++n); }

/** Validates a body; on failure calls `onError` with a readable list of issues so the vendor can shape its 400. */
export function validate<T>(schema: z.ZodType<T>, body: unknown, onError: (issues: Array<{ path: string; message: string }>) => FakeResponse): { ok: true; value: T } | { ok: false; response: FakeResponse } {
  const r = schema.safeParse(body);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, response: onError(r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }))) };
}

const readBody = (req: import("node:http").IncomingMessage) => new Promise<string>((res, rej) => {
  let s = "";
  req.setEncoding("utf8");
  req.on("data", (c: string) => { s += c; });
  req.on("end", () => res(s));
  req.on("error", rej);
});

const send = (res: ServerResponse, r: FakeResponse, extra: Record<string, string>) => {
  const headers: Record<string, string> = { ...extra, ...(r.headers ?? {}) };
  if (r.body === undefined) { res.writeHead(r.status, headers).end(); return; }
  headers["content-type"] ??= "application/json;charset=UTF-8";
  res.writeHead(r.status, headers).end(typeof r.body === "string" ? r.body : JSON.stringify(r.body));
};

export async function serveVendor(fake: VendorFake): Promise<RunningFake> {
  const faults: Array<Fault & { left: number }> = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake.local");
    const rawBody = await readBody(req);
    let body: unknown = undefined;
    if (rawBody) { try { body = JSON.parse(rawBody); } catch { body = rawBody; } }
    requests.push({ method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
    const common = fake.commonHeaders?.() ?? {};
    const fault = faults[0];
    if (fault) {
      if (--fault.left <= 0) faults.shift();
      if (fault.type === "drop") { req.socket.destroy(); return; }
      if (fault.type === "rate-limit") { send(res, fake.rateLimited(fault.retryAfter === undefined ? "2" : fault.retryAfter), common); return; }
      if (fault.type === "respond") { send(res, { status: fault.status, headers: fault.headers, body: fault.body }, common); return; }
      if (fault.type === "server-error") { send(res, fake.serverError(fault.status ?? 500), common); return; }
      if (fault.type === "delay") await new Promise<void>((r) => { const t = setTimeout(() => { timers.delete(t); r(); }, fault.ms); timers.add(t); });
      if (res.destroyed || req.socket.destroyed) return;
    }
    const answer = (r: FakeResponse) => { if (fault?.type === "drop-after") req.socket.destroy(); else send(res, r, common); };
    const fr: FakeRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body, rawBody };
    const denied = fake.authenticate(fr);
    if (denied) { send(res, denied, common); return; }
    for (const route of fake.routes) {
      if (route.method !== fr.method) continue;
      const m = route.pattern.exec(fr.path);
      if (!m) continue;
      try { answer(await route.handle(fr, m.slice(1).map(decodeURIComponent))); }
      catch (e) { answer(fake.serverError(500)); console.error("fake CRM route failed", e); }
      return;
    }
    answer(fake.notFound(fr));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${fake.basePath ?? ""}`,
    token: fake.token,
    records: fake.records,
    requests,
    inject: (f) => { faults.push({ ...f, left: f.times ?? 1 }); },
    close: () => new Promise<void>((r) => { for (const t of timers) clearTimeout(t); timers.clear(); server.closeAllConnections(); server.close(() => r()); }),
  };
}
