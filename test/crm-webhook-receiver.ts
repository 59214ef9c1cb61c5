// A local receiver for Baton's signed CRM webhooks: checks each signature, counts raw deliveries and distinct
// idempotency keys (a real receiver applies each key once), and fails requests on demand (status codes,
// 429 with Retry-After, slow answers past the sender's timeout, dropped connections).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { verifyWebhookSignature } from "../src/modules/crm/adapters/webhook.ts";

export type ReceiverFault =
  | { type: "status"; status: number; body?: string; times?: number }
  | { type: "rate-limit"; retryAfter: string; times?: number }
  | { type: "delay"; ms: number; times?: number }
  | { type: "drop"; times?: number };

export interface Delivery { key: string; type: string; body: Record<string, unknown>; raw: string; at: number }

export interface WebhookReceiver {
  url: string; secret: string;
  /** Every accepted (2xx) request, repeats included. */
  deliveries: Delivery[];
  /** Applied changes: first delivery per idempotency key. */
  applied: Map<string, Delivery>;
  /** Requests refused for a bad signature. */
  rejected: number;
  /** All requests that reached the handler (faulted ones too). */
  hits: number;
  inject(f: ReceiverFault): void;
  /** Drops the faults not yet spent: the receiver is "fixed". */
  clearFaults(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret = "whsec_test_0123456789abcdef"): Promise<WebhookReceiver> {
  const faults: Array<ReceiverFault & { left: number }> = [];
  const sockets = new Set<Socket>();
  const r: WebhookReceiver = {
    url: "", secret, deliveries: [], applied: new Map(), rejected: 0, hits: 0,
    inject(f) { faults.push({ ...f, left: f.times ?? 1 }); },
    clearFaults() { faults.length = 0; },
    async close() { for (const s of sockets) s.destroy(); await new Promise<void>((res) => server.close(() => res())); },
  };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "HEAD" || req.method === "GET") { res.writeHead(200).end(); return; }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    r.hits++;
    const f = faults[0];
    if (f) {
      if (--f.left <= 0) faults.shift();
      if (f.type === "drop") { req.socket.destroy(); return; }
      if (f.type === "status") { res.writeHead(f.status, { "content-type": "text/plain" }).end(f.body ?? `fault ${f.status}`); return; }
      if (f.type === "rate-limit") { res.writeHead(429, { "retry-after": f.retryAfter }).end("slow down"); return; }
      if (f.type === "delay") await new Promise((w) => setTimeout(w, f.ms)); // then apply: the sender gave up, the receiver did not
    }
    if (!verifyWebhookSignature(secret, req.headers["x-baton-signature"] as string | undefined, raw)) { r.rejected++; res.writeHead(400).end("bad signature"); return; }
    const body = JSON.parse(raw) as Record<string, unknown>;
    const key = String(req.headers["x-baton-idempotency-key"]);
    const d: Delivery = { key, type: String(body.type), body, raw, at: Date.now() };
    r.deliveries.push(d);
    if (!r.applied.has(key)) r.applied.set(key, d);
    if (!res.destroyed) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
  });
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
  await new Promise<void>((res) => server.listen(0, "127.0.0.1", () => res()));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/baton`;
  return r;
}
