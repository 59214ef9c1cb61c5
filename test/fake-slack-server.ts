// A local stand-in for Slack that speaks its documented HTTP API and records every payload:
// - incoming webhooks, POST /services/<T>/<B>/<secret> with JSON {text, blocks}: 200 "ok"; 400 "invalid_blocks" or
//   "no_text"; 404 "no_service" for an unknown URL;
// - the Web API, POST /api/chat.postMessage with Authorization: Bearer xoxb-… and a JSON or form body
//   {channel, text, blocks}: {ok:true, channel, ts, message} or {ok:false, error: "invalid_auth" | "channel_not_found" |
//   "not_in_channel" | "invalid_blocks" | "no_text"}; optionally 429 with Retry-After for the first N calls.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface SlackPost {
  kind: "webhook" | "api";
  path: string;
  token: string | null;
  channel: string | null;
  text: string | null;
  blocks: unknown;
  /** What the fake answered: "ok", a Slack error code, or "rate_limited". */
  outcome: string;
  raw: string;
}

export interface FakeSlackOptions {
  /** Webhook paths that exist ("/services/T1/B1/secret"). */
  webhooks?: string[];
  /** Bot tokens and the channels each bot is a member of. */
  bots?: Record<string, string[]>;
  /** Channels that exist (a bot not in one gets not_in_channel). Defaults to every bot's channels. */
  channels?: string[];
  /** Answer 429 (Retry-After: `retryAfterSec`) to the first N chat.postMessage calls. */
  rateLimitFirst?: number;
  retryAfterSec?: number;
}

const LIMITS = { blocks: 50, sectionText: 3000, header: 150, fieldText: 2000, contextElements: 10, actionsElements: 25 };
const KNOWN = new Set(["header", "section", "context", "actions", "divider", "image", "rich_text", "input", "file", "video", "markdown"]);

/** Slack's own checks on a message, as far as they are documented: null when valid, else the error code. */
export function validateSlackPayload(p: { text?: unknown; blocks?: unknown }): "no_text" | "invalid_blocks" | null {
  const hasText = typeof p.text === "string" && p.text.trim().length > 0;
  if (p.blocks === undefined || p.blocks === null) return hasText ? null : "no_text";
  if (!Array.isArray(p.blocks) || p.blocks.length > LIMITS.blocks) return "invalid_blocks";
  if (!p.blocks.length && !hasText) return "no_text";
  for (const b of p.blocks as Array<Record<string, unknown>>) {
    if (!b || typeof b !== "object" || typeof b.type !== "string" || !KNOWN.has(b.type)) return "invalid_blocks";
    const text = b.text as { type?: string; text?: unknown } | undefined;
    if (b.type === "header" && (!text || text.type !== "plain_text" || typeof text.text !== "string" || text.text.length > LIMITS.header || !text.text.length)) return "invalid_blocks";
    if (b.type === "section") {
      const fields = b.fields as Array<{ text?: unknown }> | undefined;
      if (!text && !fields) return "invalid_blocks";
      if (text && (typeof text.text !== "string" || !text.text.length || text.text.length > LIMITS.sectionText || !["mrkdwn", "plain_text"].includes(String(text.type)))) return "invalid_blocks";
      if (fields && (!Array.isArray(fields) || fields.length > 10 || fields.some((f) => typeof f.text !== "string" || f.text.length > LIMITS.fieldText))) return "invalid_blocks";
    }
    if (b.type === "context" && (!Array.isArray(b.elements) || !b.elements.length || b.elements.length > LIMITS.contextElements)) return "invalid_blocks";
    if (b.type === "actions" && (!Array.isArray(b.elements) || !b.elements.length || b.elements.length > LIMITS.actionsElements)) return "invalid_blocks";
  }
  return null;
}

const readBody = (req: IncomingMessage) => new Promise<string>((res, rej) => {
  let s = "";
  req.setEncoding("utf8");
  req.on("data", (c: string) => { s += c; });
  req.on("end", () => res(s));
  req.on("error", rej);
});

function parseBody(raw: string, type: string): Record<string, unknown> | null {
  try {
    if (type.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
    const form = Object.fromEntries(new URLSearchParams(raw)) as Record<string, unknown>;
    // The Web API takes structured arguments (blocks, attachments) as JSON strings in a form body.
    for (const k of ["blocks", "attachments", "metadata"]) if (typeof form[k] === "string") form[k] = JSON.parse(form[k] as string);
    return form;
  } catch {
    return null;
  }
}

export async function startFakeSlack(opts: FakeSlackOptions = {}) {
  const posts: SlackPost[] = [];
  const webhooks = new Set(opts.webhooks ?? []);
  const bots = opts.bots ?? {};
  const channels = new Set(opts.channels ?? Object.values(bots).flat());
  let apiCalls = 0;
  let ts = 1_780_000_000;
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const path = (req.url ?? "").split("?")[0];
    const type = String(req.headers["content-type"] ?? "");
    if (req.method === "POST" && path.startsWith("/services/")) {
      const body = type.includes("application/json") ? parseBody(raw, type) : null;
      const record = (outcome: string) => posts.push({ kind: "webhook", path, token: null, channel: null, text: (body?.text as string) ?? null, blocks: body?.blocks, outcome, raw });
      if (!webhooks.has(path)) { record("no_service"); res.writeHead(404, { "content-type": "text/html" }).end("no_service"); return; }
      if (!body) { record("invalid_payload"); res.writeHead(400).end("invalid_payload"); return; }
      const bad = validateSlackPayload(body);
      record(bad ?? "ok");
      res.writeHead(bad ? 400 : 200, { "content-type": "text/html" }).end(bad ?? "ok");
      return;
    }
    if (req.method === "POST" && path === "/api/chat.postMessage") {
      apiCalls++;
      const auth = String(req.headers.authorization ?? "");
      const token = /^Bearer (.+)$/.exec(auth)?.[1] ?? null;
      const body = parseBody(raw, type) ?? {};
      const channel = typeof body.channel === "string" ? body.channel : null;
      const record = (outcome: string) => posts.push({ kind: "api", path, token, channel, text: (body.text as string) ?? null, blocks: body.blocks, outcome, raw });
      const answer = (o: Record<string, unknown>) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(o));
      if (opts.rateLimitFirst && apiCalls <= opts.rateLimitFirst) {
        record("rate_limited");
        res.writeHead(429, { "retry-after": String(opts.retryAfterSec ?? 1), "content-type": "application/json" }).end(JSON.stringify({ ok: false, error: "ratelimited" }));
        return;
      }
      if (!token || !(token in bots)) { record("invalid_auth"); answer({ ok: false, error: "invalid_auth" }); return; }
      if (!channel || !channels.has(channel)) { record("channel_not_found"); answer({ ok: false, error: "channel_not_found" }); return; }
      if (!bots[token].includes(channel)) { record("not_in_channel"); answer({ ok: false, error: "not_in_channel" }); return; }
      const bad = validateSlackPayload(body);
      if (bad) { record(bad); answer({ ok: false, error: bad }); return; }
      record("ok");
      const stamp = `${ts++}.000100`;
      answer({ ok: true, channel, ts: stamp, message: { type: "message", text: body.text ?? "", blocks: body.blocks ?? [], ts: stamp, bot_id: "B0FAKE" } });
      return;
    }
    res.writeHead(404).end("not_found");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    /** The Web API base for WebClient's slackApiUrl. */
    apiUrl: `${url}/api/`,
    webhookUrl: (p: string) => `${url}${p}`,
    posts,
    addWebhook: (p: string) => webhooks.add(p),
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;
