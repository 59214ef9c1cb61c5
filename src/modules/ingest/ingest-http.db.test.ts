// Over HTTP: a call recording uploaded into a deal (transcribed by a local OpenAI-compatible fake), and
// people proposed from a transcript accepted onto the deal or dismissed.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createApiToken, createAuthenticator, createUser } from "../auth/index.ts";
import { listConversationSpeakers, listConversationSummaries, listProposedPeople, listUtterances } from "../conversations/index.ts";
import { listDealPeopleIds } from "../deals/index.ts";
import { findPerson, getWorkspace, listOrgs } from "../directory/index.ts";
import { createApp } from "../../server/http.ts";
import { createRouteModules } from "../../server/main.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { importConversationFile, importDealFolder } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "../../../test/fixtures/ingest");

/** A 16 kHz mono PCM WAV of a sine tone. */
function sineWav(seconds: number, sampleRate = 16_000): Buffer {
  const frames = Math.round(seconds * sampleRate);
  const pcm = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i++) pcm.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / sampleRate) * 0.3 * 32767), i * 2);
  const h = Buffer.alloc(44);
  h.write("RIFF", 0); h.writeUInt32LE(36 + pcm.length, 4); h.write("WAVE", 8); h.write("fmt ", 12);
  h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22); h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 2, 28); h.writeUInt16LE(2, 32); h.writeUInt16LE(16, 34);
  h.write("data", 36); h.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([h, pcm]);
}

async function readMultipart(req: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new Response(Buffer.concat(chunks), { headers: { "content-type": String(req.headers["content-type"]) } }).formData();
}

let server: Server;
let sttUrl: string;
const seen: Array<{ path: string; fileName: string | null }> = [];
let database: Database;
let deps: ReturnType<typeof testDeps>;
let dealId: string;
let call: (method: string, path: string, body?: unknown) => Promise<Response>;
let upload: (form: FormData) => Promise<Response>;
const savedEnv = { url: process.env.BATON_STT_URL, dir: process.env.BATON_STT_SHERPA_MODEL_DIR };

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const form = await readMultipart(req);
    const file = form.get("file");
    seen.push({ path: req.url ?? "", fileName: file && typeof file !== "string" ? file.name : null });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({
      task: "transcribe", language: "english", duration: 1, text: "We can start the pilot in June.",
      segments: [{ id: 0, start: 0.1, end: 0.9, text: " We can start the pilot in June.", tokens: [], avg_logprob: -0.2 }],
    }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  sttUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  database = await openTestDb();
  deps = testDeps(database);
  const deal = JSON.parse(tinyDeal().files.get("deal.json")!.toString());
  deal.id = "ingest-http-check";
  deal.conversations = [];
  dealId = (await importDealFolder(deps, cliActor, { name: "ingest-http-check", files: new Map([["deal.json", Buffer.from(JSON.stringify(deal))]]) })).deal.id;
  const ws = await getWorkspace(deps);
  const user = await createUser(deps, { workspaceId: ws.id, email: "ingest-http@tidewell.io", name: "Admin", password: "correct horse battery", role: "admin" });
  const { token } = await createApiToken(deps, user.id, "tests");
  const app = createApp({ deps, authenticate: createAuthenticator(deps), modules: createRouteModules() });
  call = (method, path, body) =>
    Promise.resolve(app.request(path, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined }));
  upload = (form) => Promise.resolve(app.request(`/api/deals/${dealId}/conversations`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form }));
});
afterAll(async () => {
  if (savedEnv.url === undefined) delete process.env.BATON_STT_URL; else process.env.BATON_STT_URL = savedEnv.url;
  if (savedEnv.dir !== undefined) process.env.BATON_STT_SHERPA_MODEL_DIR = savedEnv.dir;
  await database?.close();
  await new Promise((r) => server?.close(r));
});

describe("POST /api/deals/{id}/conversations with a recording", () => {
  it("transcribes an uploaded WAV through the speech-to-text provider from the environment and stores it", async () => {
    process.env.BATON_STT_URL = sttUrl;
    delete process.env.BATON_STT_SHERPA_MODEL_DIR;
    const form = new FormData();
    form.append("file", new File([new Uint8Array(sineWav(1))], "pilot-call.wav", { type: "audio/wav" }));
    form.append("title", "Pilot call");
    form.append("startedAt", "2026-06-02T10:00:00+02:00");
    const res = await upload(form);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: "added", chunks: 1, provider: expect.stringMatching(/^http:/) });
    expect(seen).toEqual([{ path: "/v1/audio/transcriptions", fileName: expect.stringMatching(/\.wav$/) }]);
    const conv = (await listConversationSummaries(deps, dealId)).find((c) => c.id === body.conversationId);
    expect(conv).toMatchObject({ sourceFormat: "audio", sourceFile: "pilot-call.wav", title: "Pilot call" });

    const again = new FormData();
    again.append("file", new File([new Uint8Array(sineWav(1))], "pilot-call-copy.wav"));
    expect(await (await upload(again)).json()).toMatchObject({ status: "unchanged", conversationId: body.conversationId });
    expect(seen).toHaveLength(1);
  });

  it("says no provider is configured instead of parsing audio as text", async () => {
    delete process.env.BATON_STT_URL;
    const form = new FormData();
    form.append("file", new File([new Uint8Array(sineWav(0.5, 8000))], "other.wav"));
    const res = await upload(form);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "INVALID_INPUT", message: "No speech-to-text provider is configured" });
    process.env.BATON_STT_URL = sttUrl;
  });

  it("names the field of a start that is no date (a transcript, or a recording before it is transcribed), and an empty file", async () => {
    const transcript = new FormData();
    transcript.append("file", new File([readFileSync(join(FIXTURES, "unnamed-call.vtt"))], "standup.vtt"));
    transcript.append("startedAt", "yesterday");
    const res = await upload(transcript);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "INVALID_INPUT", details: [{ field: "startedAt" }] });
    const recording = new FormData();
    recording.append("file", new File([new Uint8Array(sineWav(0.5, 8000))], "later.wav"));
    recording.append("startedAt", "2026-13-45");
    const before = seen.length;
    const bad = await upload(recording);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details).toEqual([expect.objectContaining({ field: "startedAt" })]);
    expect(seen).toHaveLength(before); // refused before the speech-to-text provider was called
    const empty = new FormData();
    empty.append("file", new File([new Uint8Array(0)], "empty.vtt"));
    const none = await upload(empty);
    expect(none.status).toBe(400);
    expect((await none.json()).error).toMatchObject({ message: "empty.vtt is empty", details: [{ file: "empty.vtt", line: 1 }] });
  });

  it("stores a transcript holding NUL bytes without them, and refuses a NUL in a form field by name", async () => {
    const withNul = new FormData();
    withNul.append("file", new File([Buffer.from("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nAda Lindqvist: The rollout\u0000 plan goes out Friday.\n")], "nul.vtt"));
    const res = await upload(withNul);
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.warnings).toContainEqual({ line: 3, message: "NUL characters removed" });
    expect((await listUtterances(deps, body.conversationId)).map((u) => u.text)).toEqual(["The rollout plan goes out Friday."]);
    const title = new FormData();
    title.append("file", new File([readFileSync(join(FIXTURES, "unnamed-call.vtt"))], "titled.vtt"));
    title.append("title", "Pilot\u0000 review");
    const bad = await upload(title);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details).toEqual([expect.objectContaining({ field: "title" })]);
  });
});

describe("POST /api/deals/{id}/proposed-people/{proposalId}", () => {
  const vtt = (name: string) => readFileSync(join(FIXTURES, "unnamed-call.vtt")).toString().replace("Mikkel Berg", name);
  const proposalFor = async (name: string) => (await listProposedPeople(deps, dealId)).find((p) => p.name === name)!;

  it("accepts a proposal: creates the person on the given organisation, adds them to the roster, maps the label", async () => {
    const r = await importConversationFile(deps, cliActor, { dealId, filename: "intro-1.vtt", content: Buffer.from(vtt("Mikkel Berg")), title: "Intro 1", startedAt: "2026-06-03T10:00:00+02:00" });
    const proposal = await proposalFor("Mikkel Berg");
    expect(proposal).toMatchObject({ status: "proposed", conversationId: r.conversationId, label: "Speaker 1" });

    // The speaker's side is not known from this transcript: an organisation (or side) is needed.
    const vague = await call("POST", `/api/deals/${dealId}/proposed-people/${proposal.id}`, { action: "accept" });
    expect(vague.status).toBe(400);

    const buyer = (await listOrgs(deps, (await getWorkspace(deps)).id)).find((o) => o.side === "buyer")!;
    const res = await call("POST", `/api/deals/${dealId}/proposed-people/${proposal.id}`, { action: "accept", orgId: buyer.id, title: "Head of Procurement", email: "Mikkel.Berg@example.com" });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: "accepted", proposalId: proposal.id, mapping: { label: "Speaker 1", name: "Mikkel Berg", side: "buyer", utterances: 2 } });
    const person = await findPerson(deps, body.personId);
    expect(person).toMatchObject({ name: "Mikkel Berg", title: "Head of Procurement", emails: ["mikkel.berg@example.com"], orgId: buyer.id });
    expect(await listDealPeopleIds(deps, dealId)).toContain(body.personId);
    expect((await listConversationSpeakers(deps, r.conversationId)).find((s) => s.label === "Speaker 1")).toMatchObject({ personId: body.personId, method: "manual" });
    expect(await proposalFor("Mikkel Berg")).toMatchObject({ status: "accepted", personId: body.personId });
    const listed = await (await call("GET", `/api/conversations/${r.conversationId}/speakers`)).json();
    expect(listed).toMatchObject({ heldForConsent: false });
    expect(listed.speakers.find((s: { label: string }) => s.label === "Speaker 1")).toMatchObject({ personId: body.personId, name: "Mikkel Berg", side: "buyer", consent: "unknown" });

    const twice = await call("POST", `/api/deals/${dealId}/proposed-people/${proposal.id}`, { action: "dismiss" });
    expect(twice.status).toBe(409);
  });

  it("infers the organisation from the side: the deal's buyer", async () => {
    await importConversationFile(deps, cliActor, { dealId, filename: "intro-2.vtt", content: Buffer.from(vtt("Sigrid Nilsen")), title: "Intro 2", startedAt: "2026-06-04T10:00:00+02:00" });
    const proposal = await proposalFor("Sigrid Nilsen");
    const res = await call("POST", `/api/deals/${dealId}/proposed-people/${proposal.id}`, { action: "accept", side: "buyer" });
    expect(res.status).toBe(200);
    const body = await res.json();
    const buyer = (await listOrgs(deps, (await getWorkspace(deps)).id)).find((o) => o.side === "buyer")!;
    expect(await findPerson(deps, body.personId)).toMatchObject({ name: "Sigrid Nilsen", orgId: buyer.id, side: "buyer" });
  });

  it("dismisses a proposal without creating anyone; an unknown proposal is 404", async () => {
    const r = await importConversationFile(deps, cliActor, { dealId, filename: "intro-3.vtt", content: Buffer.from(vtt("Tor Haugen")), title: "Intro 3", startedAt: "2026-06-05T10:00:00+02:00" });
    const proposal = await proposalFor("Tor Haugen");
    const roster = await listDealPeopleIds(deps, dealId);
    const res = await call("POST", `/api/deals/${dealId}/proposed-people/${proposal.id}`, { action: "dismiss" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "dismissed", personId: null, mapping: null });
    expect(await proposalFor("Tor Haugen")).toMatchObject({ status: "dismissed", personId: null });
    expect(await listDealPeopleIds(deps, dealId)).toEqual(roster);
    expect((await listConversationSpeakers(deps, r.conversationId)).find((s) => s.label === "Speaker 1")).toMatchObject({ personId: null });
    expect((await call("POST", `/api/deals/${dealId}/proposed-people/nope`, { action: "dismiss" })).status).toBe(404);
    expect((await call("POST", `/api/deals/${dealId}/proposed-people/${proposal.id}`, { action: "maybe" })).status).toBe(400);
  });
});
