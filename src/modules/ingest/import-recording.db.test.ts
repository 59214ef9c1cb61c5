// Recordings: a WAV made here in plain JS, transcribed by a local HTTP server that speaks the OpenAI
// /v1/audio/transcriptions API (multipart, verbose_json); ffmpeg conversion only where ffmpeg is installed.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpStt, findFfmpeg, readWavInfo } from "../../adapters/stt/index.ts";
import type { Database } from "../../db/client.ts";
import { listConversationSummaries, listUtterances } from "../conversations/index.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { importDealFolder, importRecording, type RecordingProgress } from "./index.ts";

/** A PCM WAV of a sine tone: 16-bit little-endian samples behind a 44-byte RIFF header. */
function sineWav(seconds: number, sampleRate = 16_000, channels = 1): Buffer {
  const frames = Math.round(seconds * sampleRate);
  const pcm = Buffer.alloc(frames * channels * 2);
  for (let i = 0; i < frames; i++) {
    const v = Math.round(Math.sin((2 * Math.PI * 440 * i) / sampleRate) * 0.3 * 32767);
    for (let c = 0; c < channels; c++) pcm.writeInt16LE(v, (i * channels + c) * 2);
  }
  const h = Buffer.alloc(44);
  h.write("RIFF", 0); h.writeUInt32LE(36 + pcm.length, 4); h.write("WAVE", 8); h.write("fmt ", 12);
  h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(channels, 22); h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels * 2, 28); h.writeUInt16LE(channels * 2, 32); h.writeUInt16LE(16, 34);
  h.write("data", 36); h.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([h, pcm]);
}

interface SeenRequest { path: string; auth: string | undefined; model: unknown; format: unknown; granularity: unknown; file: { name: string; bytes: Buffer } | null }
const LINES = ["Thanks for making time today.", "I'll send the pricing proposal by Friday."];

let server: Server;
let baseUrl: string;
const seen: SeenRequest[] = [];
let failNext = false;

async function readMultipart(req: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new Response(Buffer.concat(chunks), { headers: { "content-type": String(req.headers["content-type"]) } }).formData();
}

let database: Database;
let deps: ReturnType<typeof testDeps>;
let dealId: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const form = await readMultipart(req);
    const file = form.get("file");
    seen.push({
      path: req.url ?? "", auth: req.headers.authorization, model: form.get("model"), format: form.get("response_format"), granularity: form.get("timestamp_granularities[]"),
      file: file && typeof file !== "string" ? { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) } : null,
    });
    if (failNext) { failNext = false; res.writeHead(500).end("model crashed"); return; }
    const n = seen.length;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({
      task: "transcribe", language: "english", duration: 1, text: LINES.join(" "),
      segments: [{ id: 0, start: 0.1, end: 0.9, text: ` ${LINES[(n - 1) % 2]}`, tokens: [], avg_logprob: -0.2 }],
    }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  database = await openTestDb();
  deps = testDeps(database);
  const deal = JSON.parse(tinyDeal().files.get("deal.json")!.toString());
  deal.id = "recording-check";
  deal.conversations = [];
  dealId = (await importDealFolder(deps, cliActor, { name: "recording-check", files: new Map([["deal.json", Buffer.from(JSON.stringify(deal))]]) })).deal.id;
});
afterAll(async () => {
  await database?.close();
  await new Promise((r) => server?.close(r));
});

describe("importRecording through an OpenAI-compatible endpoint", () => {
  const stt = () => createHttpStt({ url: baseUrl, apiKey: "sk-test", model: "whisper-large-v3" });

  it("uploads each chunk as multipart verbose_json with the bearer key and stores the segments as utterances", async () => {
    const progress: RecordingProgress[] = [];
    const r = await importRecording(deps, cliActor, { dealId, filename: "call.wav", content: sineWav(1.5), stt: stt(), chunkSeconds: 1, title: "Pricing call", startedAt: "2026-05-25T10:00:00+02:00", onProgress: (p) => progress.push(p) });
    expect(r).toMatchObject({ status: "added", chunks: 2, provider: "http:whisper-large-v3" });
    expect(seen).toHaveLength(2);
    for (const s of seen) {
      expect(s).toMatchObject({ path: "/v1/audio/transcriptions", auth: "Bearer sk-test", model: "whisper-large-v3", format: "verbose_json", granularity: "segment" });
      expect(s.file?.name).toMatch(/\.wav$/);
      expect(readWavInfo(s.file!.bytes)).toMatchObject({ sampleRate: 16000, channels: 1, bitsPerSample: 16 });
    }
    expect(progress.filter((p) => p.stage === "transcribe").map((p) => p.done)).toEqual([0, 1, 2]);
    const utts = await listUtterances(deps, r.conversationId);
    expect(utts.map((u) => [u.text, u.startMs, u.endMs])).toEqual([[LINES[0], 100, 900], [LINES[1], 1100, 1900]]);
    const conv = (await listConversationSummaries(deps, dealId)).find((c) => c.id === r.conversationId);
    expect(conv).toMatchObject({ sourceFormat: "audio", sourceFile: "call.wav", title: "Pricing call" });
  });

  it("re-importing the same recording neither transcribes nor stores again", async () => {
    const before = seen.length;
    const r = await importRecording(deps, cliActor, { dealId, filename: "call-copy.wav", content: sineWav(1.5), stt: stt(), chunkSeconds: 1 });
    expect(r.status).toBe("unchanged");
    expect(seen.length).toBe(before);
  });

  it("a provider error is UPSTREAM_FAILED and stores nothing", async () => {
    const before = (await listConversationSummaries(deps, dealId)).length;
    failNext = true;
    await expect(importRecording(deps, cliActor, { dealId, filename: "other.wav", content: sineWav(0.5), stt: stt() })).rejects.toMatchObject({ code: "UPSTREAM_FAILED", message: expect.stringContaining("500") });
    expect((await listConversationSummaries(deps, dealId)).length).toBe(before);
  });

  it("says ffmpeg is missing for audio that needs converting", async () => {
    const m4a = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from("ftypM4A "), Buffer.alloc(64)]);
    await expect(importRecording(deps, cliActor, { dealId, filename: "call.m4a", content: m4a, stt: stt(), ffmpeg: null }))
      .rejects.toMatchObject({ code: "INVALID_INPUT", message: "ffmpeg not found on PATH" });
  });

  it.skipIf(!findFfmpeg())("converts 44.1 kHz stereo audio with ffmpeg before transcribing (skipped: ffmpeg not on PATH)", async () => {
    const before = seen.length;
    const r = await importRecording(deps, cliActor, { dealId, filename: "stereo.wav", content: sineWav(0.8, 44_100, 2), stt: stt(), startedAt: "2026-05-26T10:00:00+02:00" });
    expect(r.status).toBe("added");
    const sent = seen.slice(before);
    expect(sent).toHaveLength(1);
    const info = readWavInfo(sent[0].file!.bytes)!;
    expect(info).toMatchObject({ sampleRate: 16000, channels: 1 });
    expect(info.dataLength).toBeGreaterThan(16000 * 2 * 0.7);
  });
});
