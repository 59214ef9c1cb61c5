// A local stand-in for an OpenAI-compatible model server: POST /v1/chat/completions answered by the test.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatRequest { model: string; messages: Array<{ role: string; content: string }>; response_format?: unknown; [k: string]: unknown }
/** The assistant message content to send back (a JSON string for structured output), or an HTTP failure. */
export type ChatAnswer = string | { status: number; body: string };

const readBody = (req: IncomingMessage) => new Promise<string>((res, rej) => {
  let s = "";
  req.setEncoding("utf8");
  req.on("data", (c: string) => { s += c; });
  req.on("end", () => res(s));
  req.on("error", rej);
});

export async function startFakeChatServer(answer: (req: ChatRequest) => ChatAnswer) {
  const requests: ChatRequest[] = [];
  const server = createServer(async (req, res) => {
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") { res.writeHead(404).end(); return; }
    const body = JSON.parse(await readBody(req)) as ChatRequest;
    requests.push(body);
    const a = answer(body);
    if (typeof a !== "string") { res.writeHead(a.status, { "content-type": "application/json" }).end(a.body); return; }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({
      id: `chatcmpl-${requests.length}`, object: "chat.completion", created: 1_780_000_000, model: body.model,
      choices: [{ index: 0, message: { role: "assistant", content: a }, finish_reason: "stop" }],
      usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
    }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
