// Recaps against a real database over HTTP: the grounded draft, edits that keep or lose their evidence, the
// two-sided approval, the send through a loopback SMTP server (internal lines absent), the two-recap check, huddles.
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createApp } from "../../server/http.ts";
import { createRouteModules } from "../../server/main.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { recapDeal } from "../../../test/fixtures/recap/recap-deal.ts";
import { createApiToken, createAuthenticator, createUser } from "../auth/index.ts";
import { listConversationSummaries, listUtterances } from "../conversations/index.ts";
import { getWorkspace } from "../directory/index.ts";
import { importDealFolder } from "../ingest/index.ts";
import { createConversationRecapRoutes, createDealHuddleRoutes, createRecapRoutes, createRichMailer, type Recap } from "./index.ts";

const MARKER = "INTERNAL-MARKER-7Q3";
let database: Database;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof createApp>;
let auth: Record<string, string>;
let dealId: string;
let discoveryId: string;
let smtp: SMTPServer;
const received: Array<{ rcpt: string[]; raw: Buffer }> = [];

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-05-06T10:00:00Z");
  ({ deal: { id: dealId } } = await importDealFolder(deps, cliActor, recapDeal()));
  discoveryId = (await listConversationSummaries(deps, dealId)).find((c) => c.title === "Discovery")!.id;
  const ws = await getWorkspace(deps);
  const user = await createUser(deps, { workspaceId: ws.id, email: "ada@tidewell.io", name: "Ada", password: "correct horse battery", role: "admin" });
  auth = { authorization: `Bearer ${(await createApiToken(deps, user.id, "tests")).token}` };
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ["STARTTLS"], logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => { received.push({ rcpt: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) }); cb(); });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
  const mailer = createRichMailer(`smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`);
  // The routes with the test's mailer go first: the first mounted route that matches answers.
  app = createApp({ deps, authenticate: createAuthenticator(deps), modules: [
    { path: "/conversations", routes: createConversationRecapRoutes() }, { path: "/recaps", routes: createRecapRoutes({ mailer }) },
    { path: "/deals", routes: createDealHuddleRoutes({ mailer }) },
    ...createRouteModules(),
  ] });
});
afterAll(async () => {
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await database?.close();
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await app.request(path, { method, headers: { ...auth, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, body: type.includes("json") ? await res.json() : await res.text() };
};
const addresses = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address)).sort();

describe("recap of a call", () => {
  let recap: Recap;

  it("drafts one recap per call where every line cites an utterance of the call by seq and quote", async () => {
    const r = await call("POST", `/api/conversations/${discoveryId}/recap`);
    expect(r.status).toBe(200);
    recap = r.body.recap;
    expect(recap).toMatchObject({ version: 1, status: "draft", language: "en", isAgreed: false, canSend: false });
    const sections = new Set(recap.lines.map((l) => l.section));
    expect([...sections]).toEqual(expect.arrayContaining(["discussed", "decisions", "commitments", "objections"]));
    const utterances = await listUtterances(deps, discoveryId);
    for (const l of recap.lines) {
      expect(l.evidence.length, l.text).toBeGreaterThan(0);
      for (const e of l.evidence) expect(utterances.find((u) => u.seq === e.seq)?.text).toContain(e.quote);
    }
    const commitments = recap.lines.filter((l) => l.section === "commitments");
    expect(commitments.map((l) => [l.side, l.owner, l.due])).toEqual([["ours", "Ben Okoro", "2026-05-07"], ["buyer", "Dag Halvorsen", "2026-05-08"]]);
    // A second POST returns the same recap.
    expect((await call("POST", `/api/conversations/${discoveryId}/recap`)).body.recap.id).toBe(recap.id);
  });

  it("refuses to send before both selling sides approve; the partner's approval recorded internally needs a note", async () => {
    expect((await call("POST", `/api/recaps/${recap.id}/send`)).status).toBe(409);
    const ours = await call("POST", `/api/recaps/${recap.id}/approve`, { side: "ours" });
    expect(ours.body.recap).toMatchObject({ isAgreed: false, approvals: { ours: { side: "ours", onBehalf: false }, partner: null } });
    expect((await call("POST", `/api/recaps/${recap.id}/send`)).status).toBe(409);
    expect((await call("POST", `/api/recaps/${recap.id}/approve`, { side: "partner" })).status).toBe(400);
    const partner = await call("POST", `/api/recaps/${recap.id}/approve`, { side: "partner", note: "Clara approved on the phone" });
    expect(partner.body.recap).toMatchObject({ status: "agreed", isAgreed: true, canSend: true, approvals: { partner: { onBehalf: true, note: "Clara approved on the phone" } } });
  });

  it("keeps evidence on a same-meaning edit, flags a changed date, and resets the approvals", async () => {
    const lines = recap.lines.map((l) => ({ id: l.id, text: l.text, internal: l.internal }));
    const ben = recap.lines.find((l) => l.owner === "Ben Okoro")!;
    const dag = recap.lines.find((l) => l.owner === "Dag Halvorsen")!;
    lines.find((l) => l.id === ben.id)!.text = "Ben Okoro: send you the ERP connector reference architecture (by Thursday 7 May)";
    lines.find((l) => l.id === dag.id)!.text = "Dag Halvorsen: Share a sample of last year's intake data (by Monday 11 May)";
    lines.push({ id: undefined as never, text: `Margin floor is 18% — do not go lower (${MARKER})`, internal: true });
    const r = await call("PATCH", `/api/recaps/${recap.id}`, { version: 1, lines });
    expect(r.status).toBe(200);
    const next: Recap = r.body.recap;
    expect(next).toMatchObject({ version: 2, status: "draft", isAgreed: false, approvals: { ours: null, partner: null } });
    const benNow = next.lines.find((l) => l.id === ben.id)!;
    expect(benNow).toMatchObject({ support: "grounded", evidence: ben.evidence });
    const dagNow = next.lines.find((l) => l.id === dag.id)!;
    expect(dagNow).toMatchObject({ support: "unsupported", evidence: [], formerEvidence: dag.evidence });
    expect(next.lines.at(-1)).toMatchObject({ internal: true, support: "unsupported" });
    // A stale version is refused.
    expect((await call("PATCH", `/api/recaps/${recap.id}`, { version: 1, lines })).status).toBe(409);
    expect((await call("POST", `/api/recaps/${recap.id}/send`)).status).toBe(409);
    recap = next;
  });

  it("hides internal lines from the partner's and the buyer's rendering", async () => {
    const internal = await call("GET", `/api/recaps/${recap.id}`);
    expect(JSON.stringify(internal.body)).toContain(MARKER);
    for (const audience of ["partner", "buyer"]) {
      const r = await call("GET", `/api/recaps/${recap.id}?audience=${audience}`);
      expect(r.body.recap.audience).toBe(audience);
      expect(JSON.stringify(r.body)).not.toContain(MARKER);
    }
    const f = await call("GET", `/api/recaps/${recap.id}/follow-up`);
    expect(f.body.followUp.text).not.toContain(MARKER);
    expect(f.body.followUp.html).not.toContain(MARKER);
  });

  it("emails the agreed version to the buyer, cc partner and ours, over SMTP, and stores the message", async () => {
    await call("POST", `/api/recaps/${recap.id}/approve`, { side: "ours", version: 2 });
    await call("POST", `/api/recaps/${recap.id}/approve`, { side: "partner", note: "Clara, by email", version: 2 });
    const r = await call("POST", `/api/recaps/${recap.id}/send`);
    expect(r.status).toBe(200);
    expect(r.body.recap.status).toBe("sent");
    expect(received).toHaveLength(1);
    const raw = received[0]!.raw.toString("utf8");
    expect(raw).not.toContain(MARKER);
    expect(raw).not.toContain("Margin floor");
    expect(received[0]!.rcpt.sort()).toEqual(["ada@tidewell.io", "ben@tidewell.io", "clara.moe@brightpath.no", "dag@fjorddairy.no"]);
    const mail = await simpleParser(received[0]!.raw);
    expect(addresses(mail.to)).toEqual(["dag@fjorddairy.no"]);
    expect(addresses(mail.cc)).toEqual(["ada@tidewell.io", "ben@tidewell.io", "clara.moe@brightpath.no"]);
    expect(mail.subject).toBe("Recap: Discovery (Tuesday 5 May)");
    expect(mail.text).toContain("Next steps");
    expect(mail.text).toContain("Ben Okoro: send you the ERP connector reference architecture");
    expect(mail.html).toContain("<h3>Next steps</h3>");
    expect(mail.html).toContain("Dag Halvorsen");
    const sends = r.body.recap.sends;
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ version: 2, messageId: mail.messageId, to: [expect.stringContaining("dag@fjorddairy.no")] });
  });
});

describe("a partner user on the recap", () => {
  it("approves for the partner only, sees no internal lines, and cannot edit or send", async () => {
    const ws = await getWorkspace(deps);
    const deal = (await call("GET", `/api/deals/${dealId}`)).body;
    const partnerOrgId = (deal.deal ?? deal).partners[0].id as string;
    const clara = await createUser(deps, { workspaceId: ws.id, email: "clara.moe@brightpath.no", name: "Clara", password: "correct horse battery", role: "partner", partnerOrgId });
    const claraAuth = { authorization: `Bearer ${(await createApiToken(deps, clara.id, "tests")).token}` };
    const technical = (await listConversationSummaries(deps, dealId)).find((c) => c.title === "Technical session")!.id;
    const drafted: Recap = (await call("POST", `/api/conversations/${technical}/recap`)).body.recap;
    const lines = [...drafted.lines.map((l) => ({ id: l.id, text: l.text })), { text: `Our hosting cost is low (${MARKER})`, internal: true }];
    await call("PATCH", `/api/recaps/${drafted.id}`, { lines });
    const as = async (method: string, path: string, body?: unknown) => {
      const res = await app.request(path, { method, headers: { ...claraAuth, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
      return { status: res.status, body: await res.json() };
    };
    const seen = await as("GET", `/api/recaps/${drafted.id}?audience=internal`);
    expect(seen.body.recap.audience).toBe("partner");
    expect(JSON.stringify(seen.body)).not.toContain(MARKER);
    expect((await as("POST", `/api/recaps/${drafted.id}/approve`, { side: "ours" })).status).toBe(403);
    expect((await as("PATCH", `/api/recaps/${drafted.id}`, { lines })).status).toBe(403);
    const approved = await as("POST", `/api/recaps/${drafted.id}/approve`, { side: "partner" });
    expect(approved.body.recap.approvals.partner).toMatchObject({ by: clara.id, onBehalf: false });
    expect((await as("POST", `/api/recaps/${drafted.id}/send`)).status).toBe(403);
  });
});

describe("two-recap check", () => {
  it("finds both recap emails of the call and the date one of them states differently, settled by the transcript", async () => {
    const r = await call("GET", `/api/conversations/${discoveryId}/recap-check`);
    expect(r.status).toBe(200);
    const check = r.body.check;
    expect(check.recaps.map((x: { subject: string }) => x.subject)).toEqual(["Discovery recap and next steps", "Fjord Dairy discovery: next steps"]);
    const date = check.divergences.find((d: { kind: string }) => d.kind === "date");
    expect(date).toMatchObject({
      subject: expect.stringContaining("reference architecture"),
      settledBy: [{ conversationId: discoveryId, seq: 4, quote: expect.stringContaining("by Thursday") }],
      verdict: expect.stringContaining("2026-05-08"),
    });
    expect(date.statements.map((s: { says: string }) => s.says)).toEqual([expect.stringContaining("Thursday, May 7"), expect.stringContaining("Friday, May 8")]);
    const missing = check.divergences.find((d: { kind: string }) => d.kind === "missing");
    expect(missing).toMatchObject({ subject: expect.stringContaining("intake data"), settledBy: [{ seq: 5 }] });
  });
});

describe("weekly huddle", () => {
  it("exports a weekly 15-minute ICS and emails it as an invitation", async () => {
    const ics = await call("GET", `/api/deals/${dealId}/huddle.ics?weekday=TU&time=08:30`);
    expect(ics.status).toBe(200);
    expect(ics.body).toContain("RRULE:FREQ=WEEKLY;BYDAY=TU");
    expect(ics.body).toContain("DURATION:PT15M");
    expect(ics.body).toContain("DTSTART:20260512T063000Z"); // 08:30 Oslo summer time, the Tuesday after "now"
    const before = received.length;
    const sent = await call("POST", `/api/deals/${dealId}/huddle/invite`, { weekday: "MO", time: "09:00" });
    expect(sent.status).toBe(200);
    const mail = await simpleParser(received[before]!.raw);
    expect(received[before]!.raw.toString("utf8")).toMatch(/text\/calendar/);
    expect(received[before]!.rcpt.sort()).toEqual(["ada@tidewell.io", "ben@tidewell.io", "clara.moe@brightpath.no"]);
    expect(mail.subject).toContain("Co-sell huddle");
  });

  it("records huddles held as notes conversations and counts them", async () => {
    const r = await call("POST", `/api/deals/${dealId}/huddles`, { heldAt: "2026-05-11T07:00:00Z", notes: "Ben sent the architecture.\n\nClara chases the SOW." });
    expect(r.body).toMatchObject({ count: 1, huddles: [{ heldAt: "2026-05-11T07:00:00.000Z", notes: "Ben sent the architecture.\n\nClara chases the SOW." }] });
    const notes = (await listConversationSummaries(deps, dealId)).filter((c) => c.kind === "notes");
    expect(notes).toHaveLength(1);
    expect((await call("GET", `/api/deals/${dealId}/huddles`)).body.count).toBe(1);
  });
});
