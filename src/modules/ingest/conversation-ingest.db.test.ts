// Single-file import into an existing deal: duplicate recordings merged, unresolved speakers mapped in one
// step, proposed people, and the requireConsent policy holding a call until consent is recorded.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createApiToken, createAuthenticator, createUser } from "../auth/index.ts";
import { listConversationSpeakers, listConversationSummaries, listDealSpeakers, listMergedFrom, listProposedPeople, listUtterances } from "../conversations/index.ts";
import { findPersonByEmail, getWorkspace, updateWorkspaceSettings } from "../directory/index.ts";
import { listItems } from "../extraction/index.ts";
import { listActivity } from "../activity/index.ts";
import { askDeal, askWorkspace } from "../ask/index.ts";
import { draftRecap } from "../recap/index.ts";
import { createApp } from "../../server/http.ts";
import { createRouteModules } from "../../server/main.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { importConversationFile, importDealFolder, mapSpeaker, recordConsent } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "../../../test/fixtures/ingest");
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

let database: Database;
let deps: ReturnType<typeof testDeps>;
let dealId: string;
const personId = async (email: string) => (await findPersonByEmail(deps, (await getWorkspace(deps)).id, email))!.id;

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database);
  const deal = JSON.parse(tinyDeal().files.get("deal.json")!.toString());
  deal.id = "ingest-check";
  deal.conversations = [];
  const r = await importDealFolder(deps, cliActor, { name: "ingest-check", files: new Map([["deal.json", Buffer.from(JSON.stringify(deal))]]) });
  dealId = r.deal.id;
});
afterAll(async () => { await database?.close(); });

/** The same call as another tool exports it: Otter text, cues split and joined differently, lower case, no punctuation, real names. */
function toOtter(vtt: string, names: Record<string, string>): string {
  const cues = vtt.split(/\n\s*\n/).map((b) => b.split("\n")).filter((l) => l.some((x) => x.includes("-->")));
  const blocks: string[] = [];
  let last: { label: string; text: string[]; at: string } | null = null;
  for (const lines of cues) {
    const timing = lines.find((l) => l.includes("-->"))!;
    const [, mm, ss] = /^\d{2}:(\d{2}):(\d{2})/.exec(timing)!;
    const payload = lines.slice(lines.indexOf(timing) + 1).join(" ");
    const cut = payload.indexOf(": ");
    const label = names[payload.slice(0, cut)] ?? payload.slice(0, cut);
    const text = payload.slice(cut + 2).toLowerCase().replace(/[.,?!']/g, "");
    // Otter cuts some turns in two (a block per part, same speaker) and joins others.
    for (const [i, part] of text.split(/(?<=agreement) /).entries()) {
      if (last && last.label === label && i === 0) { last.text.push(part); continue; }
      if (last) blocks.push(`${last.label}  ${last.at}\n${last.text.join(" ")}`);
      last = { label, text: [part], at: `${Number(mm)}:${String(Number(ss) + i * 3).padStart(2, "0")}` };
    }
  }
  if (last) blocks.push(`${last.label}  ${last.at}\n${last.text.join(" ")}`);
  return `${blocks.join("\n\n")}\n`;
}

describe("duplicate recordings", () => {
  it("merges an Otter re-export of a VTT call into one conversation, taking its speaker names", async () => {
    const vtt = fixture("security-call.vtt");
    const first = await importConversationFile(deps, cliActor, { dealId, filename: "security-call.vtt", content: vtt, title: "Security review", startedAt: "2026-05-20T13:00:00+02:00" });
    expect(first).toMatchObject({ status: "added", unresolved: ["+47 22 33 44 55"] });
    const phone = (await listConversationSpeakers(deps, first.conversationId)).find((s) => s.label.startsWith("+47"))!;
    expect(phone).toMatchObject({ personId: null, method: "unresolved" });

    const otter = toOtter(vtt.toString(), { "+47 22 33 44 55": "Eva Strand" });
    expect(otter).toContain("Eva Strand  0:05\nyes thats fine with me");
    const second = await importConversationFile(deps, cliActor, { dealId, filename: "security-call-otter.txt", content: Buffer.from(otter), format: "otter", startedAt: "2026-05-20T13:01:30+02:00" });
    expect(second).toMatchObject({ status: "merged", conversationId: first.conversationId });

    const convs = await listConversationSummaries(deps, dealId);
    expect(convs.filter((c) => c.title === "Security review")).toHaveLength(1);
    const merged = await listMergedFrom(deps, first.conversationId);
    expect(merged).toEqual([expect.objectContaining({ file: "security-call-otter.txt", format: "otter", speakerLabels: expect.arrayContaining(["Eva Strand", "Ada Lindqvist"]) })]);
    expect(merged[0].contentHash).toMatch(/^[0-9a-f]{64}$/);
    const eva = await personId("eva.strand@fjorddairy.no");
    expect(merged[0].speakersMapped).toEqual({ "+47 22 33 44 55": eva });
    const utts = await listUtterances(deps, first.conversationId);
    expect(utts.filter((u) => u.speakerLabel?.startsWith("+47")).every((u) => u.personId === eva && u.side === "buyer")).toBe(true);
  });

  it("never duplicates on re-import: same file, CRLF re-export, no start time", async () => {
    const before = (await listConversationSummaries(deps, dealId)).length;
    const vtt = fixture("security-call.vtt");
    const otter = toOtter(vtt.toString(), { "+47 22 33 44 55": "Eva Strand" });
    const again = [
      await importConversationFile(deps, cliActor, { dealId, filename: "security-call.vtt", content: vtt }),
      await importConversationFile(deps, cliActor, { dealId, filename: "security-call.vtt", content: Buffer.from(vtt.toString().replace(/\n/g, "\r\n")) }),
      await importConversationFile(deps, cliActor, { dealId, filename: "again.txt", content: Buffer.from(otter.replace(/\n/g, "\r\n")), format: "otter" }),
    ];
    expect(again.map((r) => r.status)).toEqual(["unchanged", "unchanged", "unchanged"]);
    // Another export without a start time is judged by its words alone.
    const trimmed = toOtter(vtt.toString(), { "+47 22 33 44 55": "Eva Strand" }).split("\n\n").slice(1).join("\n\n");
    expect((await importConversationFile(deps, cliActor, { dealId, filename: "trimmed.txt", content: Buffer.from(trimmed), format: "otter" })).status).toBe("merged");
    expect((await listConversationSummaries(deps, dealId)).length).toBe(before);
  });
});

describe("duplicate recordings inside a new deal's folder", () => {
  it("stores the call once when the folder also holds another tool's export of it and a byte-identical copy", async () => {
    const vtt = tinyDeal().files.get("01-discovery.vtt")!;
    const deal = JSON.parse(tinyDeal().files.get("deal.json")!.toString());
    deal.id = "dup-in-folder";
    const discovery = deal.conversations[0];
    deal.conversations.push({ ...discovery, file: "01-discovery-otter.txt" }, { ...discovery, file: "01-discovery-copy.vtt" });
    const r = await importDealFolder(deps, cliActor, tinyDeal({
      "deal.json": JSON.stringify(deal), "01-discovery-otter.txt": toOtter(vtt.toString(), {}), "01-discovery-copy.vtt": vtt,
    }));
    expect(r.created).toBe(true);
    const status = Object.fromEntries(r.conversations.files.map((f) => [f.file, f.status]));
    expect(status).toMatchObject({ "01-discovery.vtt": "added", "01-discovery-otter.txt": "merged", "01-discovery-copy.vtt": "unchanged" });
    const discoveryId = r.conversations.files.find((f) => f.file === "01-discovery.vtt")!.conversationId;
    expect(r.conversations.files.filter((f) => f.file.startsWith("01-discovery")).every((f) => f.conversationId === discoveryId)).toBe(true);
    expect((await listConversationSummaries(deps, r.deal.id)).map((c) => c.sourceFile).sort()).toEqual(["01-discovery.vtt", "02-technical.vtt", "03-followup.json", "intro.eml"]);
    expect((await listMergedFrom(deps, discoveryId)).map((m) => m.file)).toEqual(["01-discovery-otter.txt"]);
  });
});

describe("unresolved speakers and proposed people", () => {
  let convId: string;
  it("stores numbered labels flagged unresolved and a self-introduced stranger as a proposal, not a person", async () => {
    const r = await importConversationFile(deps, cliActor, { dealId, filename: "unnamed-call.vtt", content: fixture("unnamed-call.vtt"), title: "Integration", startedAt: "2026-05-22T10:00:00+02:00" });
    convId = r.conversationId;
    expect(r).toMatchObject({ status: "added", unresolved: ["Speaker 1", "Speaker 2"], proposedPeople: 1 });
    const proposals = await listProposedPeople(deps, dealId);
    expect(proposals).toEqual([expect.objectContaining({ label: "Speaker 1", name: "Mikkel Berg", status: "proposed", evidence: expect.objectContaining({ quote: expect.stringContaining("Mikkel Berg") }) })]);
    const speakers = await listDealSpeakers(deps, dealId);
    expect(speakers.slice(0, 2).map((s) => s.label)).toEqual(["Speaker 1", "Speaker 2"]); // unresolved first
    expect(speakers[0].method).toBe("unresolved");
  });

  it("maps a label to a person in one step: speaker row, every utterance, activity, re-extraction", async () => {
    const eva = await personId("eva.strand@fjorddairy.no");
    const itemsBefore = await listItems(deps, { dealId, conversationId: convId });
    expect(itemsBefore.find((i) => i.kind === "commitment" && i.quote.includes("warehouse schema"))?.speaker ?? "Speaker 2").not.toBe("Eva Strand");
    const r = await mapSpeaker(deps, cliActor, { conversationId: convId, label: "Speaker 2", personId: eva });
    expect(r).toMatchObject({ utterances: 2, side: "buyer", name: "Eva Strand" });
    expect(r.extraction?.conversations).toBeGreaterThan(0);
    const utts = await listUtterances(deps, convId);
    expect(utts.filter((u) => u.speakerLabel === "Speaker 2").map((u) => [u.speakerName, u.side])).toEqual([["Eva Strand", "buyer"], ["Eva Strand", "buyer"]]);
    const s2 = (await listConversationSpeakers(deps, convId)).find((s) => s.label === "Speaker 2");
    expect(s2).toMatchObject({ personId: eva, side: "buyer", method: "manual" });
    const items = await listItems(deps, { dealId, conversationId: convId });
    // The commitment's owner follows the mapping (items.speaker keeps the label until extraction refreshes it).
    expect(items.find((i) => i.kind === "commitment" && i.quote.includes("warehouse schema"))?.data).toMatchObject({ owner: "Eva Strand", ownerPersonId: eva, side: "buyer" });
    const log = await listActivity(deps, { dealId });
    expect(log.some((a) => a.action === "map-speaker" && a.entityId === convId)).toBe(true);
  });

  it("refuses someone who is not on the deal and a label that is not in the conversation", async () => {
    await expect(mapSpeaker(deps, cliActor, { conversationId: convId, label: "Speaker 1", personId: "nobody" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(mapSpeaker(deps, cliActor, { conversationId: convId, label: "Speaker 9", personId: await personId("dag@fjorddairy.no") })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("consent policy", () => {
  it("holds a call with unknown consent until every speaker's consent is recorded, then extracts", async () => {
    const ws = await getWorkspace(deps);
    await updateWorkspaceSettings(deps, cliActor, { requireConsent: true });
    const vtt = fixture("unnamed-call.vtt").toString().replace(/Speaker 1/g, "Dag Halvorsen").replace("Mikkel Berg from procurement", "Dag from planning").replace(/Speaker 2/g, "Eva Strand")
      .replace("mostly the warehouse systems", "mostly the zeppelin hangar telemetry");
    const r = await importConversationFile(deps, cliActor, { dealId, filename: "held.vtt", content: Buffer.from(vtt), title: "Held", startedAt: "2026-06-01T10:00:00+02:00" });
    expect(r).toMatchObject({ status: "added", heldForConsent: true });
    expect(await listItems(deps, { dealId, conversationId: r.conversationId })).toEqual([]);
    // Held means not processed: no recap can be drafted from it, and Ask does not search its words.
    await expect(draftRecap(deps, r.conversationId, { actor: cliActor })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/held until every speaker's recording consent/) });
    const question = "Who works on the zeppelin hangar telemetry?";
    expect((await askDeal(deps, { dealId, question })).evidence.filter((e) => e.conversationId === r.conversationId)).toEqual([]);
    expect((await askWorkspace(deps, { question, wideAbove: 0 })).evidence.filter((e) => e.conversationId === r.conversationId)).toEqual([]);

    const first = await recordConsent(deps, cliActor, { conversationId: r.conversationId, label: "Ada Lindqvist", status: "granted", note: "gave the notice" });
    expect(first).toMatchObject({ heldForConsent: true, extraction: null, pendingConsent: ["Dag Halvorsen", "Eva Strand"] });
    await recordConsent(deps, cliActor, { conversationId: r.conversationId, label: "Dag Halvorsen", status: "granted" });
    const last = await recordConsent(deps, cliActor, { conversationId: r.conversationId, label: "Eva Strand", status: "granted", note: "confirmed by email" });
    expect(last).toMatchObject({ heldForConsent: false, pendingConsent: [] });
    const items = await listItems(deps, { dealId, conversationId: r.conversationId });
    expect(items.some((i) => i.kind === "commitment" && i.quote.includes("warehouse schema"))).toBe(true);
    expect((await askDeal(deps, { dealId, question })).evidence.map((e) => [e.conversationId, e.quote])).toContainEqual([r.conversationId, expect.stringContaining("zeppelin hangar telemetry")]);
    expect((await askWorkspace(deps, { question, wideAbove: 0 })).evidence.some((e) => e.conversationId === r.conversationId)).toBe(true);
    expect((await draftRecap(deps, r.conversationId, { actor: cliActor })).lines.length).toBeGreaterThan(0);
    const eva = (await listConversationSpeakers(deps, r.conversationId)).find((s) => s.label === "Eva Strand")!;
    expect(eva.consentEvidence).toMatchObject({ note: "confirmed by email", recordedBy: "cli" });
    await updateWorkspaceSettings(deps, cliActor, { requireConsent: false });
    expect(ws.id).toBeTruthy();
  });
});

describe("HTTP", () => {
  it("maps a speaker, records consent and lists proposed people", async () => {
    const ws = await getWorkspace(deps);
    const user = await createUser(deps, { workspaceId: ws.id, email: "admin@tidewell.io", name: "Admin", password: "correct horse battery", role: "admin" });
    const { token } = await createApiToken(deps, user.id, "tests");
    const app = createApp({ deps, authenticate: createAuthenticator(deps), modules: createRouteModules() });
    const call = (method: string, path: string, body?: unknown) =>
      app.request(path, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const conv = (await listConversationSummaries(deps, dealId)).find((c) => c.title === "Integration")!;
    const proposed = await (await call("GET", `/api/deals/${dealId}/proposed-people`)).json();
    expect(proposed.proposedPeople).toEqual([expect.objectContaining({ name: "Mikkel Berg", status: "proposed" })]);
    const bad = await call("POST", `/api/conversations/${conv.id}/speakers`, { label: "Speaker 1" });
    expect(bad.status).toBe(400);
    const dag = await personId("dag@fjorddairy.no");
    const res = await call("POST", `/api/conversations/${conv.id}/speakers`, { label: "Speaker 1", personId: dag });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ label: "Speaker 1", personId: dag, side: "buyer", utterances: 2 });
    const after = await (await call("GET", `/api/deals/${dealId}/proposed-people`)).json();
    expect(after.proposedPeople[0]).toMatchObject({ status: "accepted", personId: dag });
    const consent = await call("POST", `/api/conversations/${conv.id}/consent`, { label: "Speaker 1", status: "granted", note: "on the invite" });
    expect(consent.status).toBe(200);
    expect((await consent.json()).pendingConsent).toEqual(["Ada Lindqvist", "Speaker 2"]);
  });
});
