// Delivery over HTTP against a real database, a loopback SMTP server and a local Slack that records every
// payload: destinations keep their secrets sealed; every artefact goes to every audience over email, an
// incoming webhook and chat.postMessage; the planted internal marker reaches our side and nobody else.
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createApp } from "../../server/http.ts";
import { createRouteModules } from "../../server/main.ts";
import { cliActor } from "../../shared/deps.ts";
import { createSecretBox } from "../../shared/secret-box.ts";
import { openTestDb, testDbKind, testDeps } from "../../../test/db.ts";
import { startFakeSlack, validateSlackPayload, type FakeSlack } from "../../../test/fake-slack-server.ts";
import { deliveryDeal, MARKER } from "../../../test/fixtures/delivery/delivery-deal.ts";
import { TINY_DEAL_DIR } from "../../../test/fixture-folders.ts";
import { createApiToken, createAuthenticator, createUser } from "../auth/index.ts";
import { listConversationSummaries, listUtterances } from "../conversations/index.ts";
import { getDeal } from "../deals/index.ts";
import { getWorkspace } from "../directory/index.ts";
import { editBrief, escalateHandoff, intakeIntro } from "../handoff/index.ts";
import { runWeeklyWalk } from "../ledger/index.ts";
import { importDealFolder } from "../ingest/index.ts";
import { createRichMailer } from "../recap/index.ts";
import { createAutoDelivery, createDeliveryRouteModules } from "./index.ts";

const box = createSecretBox("delivery-test-key-0123456789");
const HOOKS = { ours: "/services/T1/B1/oursHookSecret", partner: "/services/T1/B2/partnerHookSecret", buyer: "/services/T1/B3/buyerHookSecret" } as const;
const TOKEN = "xoxb-4242-botSecretToken";
const CHANNELS = { ours: "C0OURS", partner: "C0PARTNER", buyer: "C0BUYER" } as const;
type Aud = keyof typeof HOOKS;

let database: Database;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof createApp>;
let auth: Record<string, string>;
let slack: FakeSlack;
let smtp: SMTPServer;
let dealId = "";
let partnerOrgId = "";
let recapId = "";
let mailer: ReturnType<typeof createRichMailer>;
const mails: Array<{ to: string[]; subject: string; text: string; html: string }> = [];
const pending: Array<Promise<void>> = [];

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-05-06T10:00:00Z");
  slack = await startFakeSlack({ webhooks: Object.values(HOOKS), bots: { [TOKEN]: Object.values(CHANNELS) } });
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ["STARTTLS"], logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        pending.push(simpleParser(Buffer.concat(chunks)).then((m) => {
          mails.push({ to, subject: m.subject ?? "", text: m.text ?? "", html: typeof m.html === "string" ? m.html : "" });
        }));
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
  mailer = createRichMailer(`smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`);

  ({ deal: { id: dealId } } = await importDealFolder(deps, cliActor, deliveryDeal()));
  const deal = await getDeal(deps, dealId);
  partnerOrgId = deal.partners[0].id;
  // Our side's exchange at the end of the call is internal (what the marking API does: utterances and their items).
  const discovery = (await listConversationSummaries(deps, dealId)).find((c) => c.title === "Discovery")!;
  const seqs = (await listUtterances(deps, discovery.id)).filter((u) => u.text.includes(MARKER)).map((u) => u.seq);
  expect(seqs).toHaveLength(2);
  await deps.db.updateTable("utterances").set({ is_internal: true }).where("conversation_id", "=", discovery.id).where("seq", "in", seqs).execute();
  await deps.db.updateTable("items").set({ is_internal: true }).where("conversation_id", "=", discovery.id).where("utterance_seq", "in", seqs).execute();

  const ws = await getWorkspace(deps);
  const user = await createUser(deps, { workspaceId: ws.id, email: "ada@tidewell.io", name: "Ada", password: "correct horse battery", role: "admin" });
  auth = { authorization: `Bearer ${(await createApiToken(deps, user.id, "tests")).token}` };
  app = createApp({ deps, authenticate: createAuthenticator(deps), modules: [
    ...createDeliveryRouteModules({ mailer, secretBox: box, slackApiUrl: slack.apiUrl, slackRetries: 1, slackMinRetryMs: 10, baseUrl: "https://baton.example.com" }),
    ...createRouteModules(),
  ] });
});
afterAll(async () => {
  await slack?.close();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await database?.close();
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await app.request(path, { method, headers: { ...auth, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, body: type.includes("json") ? await res.json() : await res.text() };
};
const settle = async () => { for (let i = 0; i < 50 && pending.length; i++) await Promise.all(pending.splice(0)); };

const dest: Record<string, string> = {};

describe(`delivery (${testDbKind})`, () => {
  it("stores destinations with their webhook URL or token sealed, and never returns them", async () => {
    for (const aud of ["ours", "partner", "buyer"] as Aud[]) {
      const email = { ours: "deals@tidewell.io", partner: "pat@brightpath.no, clara.moe@brightpath.no", buyer: "dag@fjorddairy.no" }[aud];
      const made = [
        await call("POST", "/api/delivery/destinations", { name: `${aud} mail`, channel: "email", audience: aud, target: email, ...(aud === "partner" ? { partnerOrgId } : {}) }),
        await call("POST", "/api/delivery/destinations", { name: `${aud} hook`, channel: "slack-webhook", audience: aud, target: `#${aud}`, webhookUrl: slack.webhookUrl(HOOKS[aud]) }),
        await call("POST", "/api/delivery/destinations", { name: `${aud} bot`, channel: "slack-api", audience: aud, target: CHANNELS[aud], token: TOKEN }),
      ];
      for (const m of made) expect(m.status, JSON.stringify(m.body)).toBe(201);
      [dest[`${aud}:email`], dest[`${aud}:hook`], dest[`${aud}:bot`]] = made.map((m) => m.body.destination.id);
    }
    const rows = await deps.db.selectFrom("delivery_destinations").selectAll().execute();
    expect(rows).toHaveLength(9);
    const dump = JSON.stringify(rows);
    for (const secret of [...Object.values(HOOKS), "oursHookSecret", TOKEN, "botSecretToken"]) expect(dump).not.toContain(secret);
    const hookRow = rows.find((r) => r.id === dest["ours:hook"])!;
    expect(box.open(hookRow.secret_sealed!)).toBe(slack.webhookUrl(HOOKS.ours));
    expect(box.open(rows.find((r) => r.id === dest["ours:bot"])!.secret_sealed!)).toBe(TOKEN);
    const list = await call("GET", "/api/delivery/destinations");
    expect(list.status).toBe(200);
    expect(list.body.destinations).toHaveLength(9);
    const listed = JSON.stringify(list.body);
    for (const secret of ["oursHookSecret", "partnerHookSecret", "botSecretToken", "v1:"]) expect(listed).not.toContain(secret);
    expect(list.body.destinations.find((d: { id: string }) => d.id === dest["partner:email"])).toMatchObject({ partnerName: "Brightpath Consulting", target: "pat@brightpath.no, clara.moe@brightpath.no" });
  });

  it("rejects bad destinations with the field named", async () => {
    const r1 = await call("POST", "/api/delivery/destinations", { name: "x", channel: "slack-api", audience: "ours", target: "general", token: TOKEN });
    expect(r1.status).toBe(400);
    expect(JSON.stringify(r1.body)).toContain("target");
    const r2 = await call("POST", "/api/delivery/destinations", { name: "y", channel: "slack-webhook", audience: "ours" });
    expect(r2.status).toBe(400);
    expect(JSON.stringify(r2.body)).toContain("webhookUrl");
    const r3 = await call("POST", "/api/delivery/destinations", { name: "ours mail", channel: "email", audience: "ours", target: "a@tidewell.io" });
    expect(r3.status).toBe(409);
  });

  it("sends the recap to the partner and the buyer only once it is agreed", async () => {
    const discovery = (await listConversationSummaries(deps, dealId)).find((c) => c.title === "Discovery")!;
    const drafted = await call("POST", `/api/conversations/${discovery.id}/recap`);
    expect(drafted.status).toBe(200);
    recapId = drafted.body.recap.id;
    const lines = drafted.body.recap.lines as Array<{ id: string; text: string; internal: boolean; section: string }>;
    expect(lines.some((l) => l.internal && l.text.includes(MARKER))).toBe(true);
    // An internal line added by hand, too.
    const edited = await call("PATCH", `/api/recaps/${recapId}`, { lines: [...lines.map((l) => ({ id: l.id, text: l.text, internal: l.internal })), { text: `${MARKER}: our walk-away price is 40k`, internal: true, section: "discussed" }] });
    expect(edited.status).toBe(200);
    const early = await call("POST", `/api/deals/${dealId}/deliveries`, { artefact: "recap", recapId, audience: "partner", destinationIds: [dest["partner:hook"]] });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/not agreed/);
    const version = edited.body.recap.version;
    expect((await call("POST", `/api/recaps/${recapId}/approve`, { side: "ours", version })).status).toBe(200);
    expect((await call("POST", `/api/recaps/${recapId}/approve`, { side: "partner", version, note: "Clara approved on the call" })).status).toBe(200);
  });

  it("delivers every artefact to every audience over email, webhook and chat.postMessage; the marker reaches only our side", async () => {
    // The intro alert needs the deal's handoff: the partner's intro arrives by intake, and our side notes the next step in the brief.
    const intro = await intakeIntro(deps, cliActor, { content: readFileSync(join(TINY_DEAL_DIR, "intro.eml")), receivedAt: new Date("2026-05-04T07:00:00Z") });
    const slaDeal = intro.dealId;
    await editBrief(deps, cliActor, slaDeal, { field: "expectedNextStep", value: `Call Dag; ${MARKER} do not mention the discount floor` });

    const sends: Array<{ aud: Aud; what: string; path: string; body: Record<string, unknown> }> = [];
    const adHoc: Record<Aud, string> = { ours: "ben@tidewell.io", partner: "new.partner.rep@brightpath.no", buyer: "eva.strand@fjorddairy.no" };
    for (const aud of ["ours", "partner", "buyer"] as Aud[]) {
      const destinationIds = [dest[`${aud}:email`], dest[`${aud}:hook`], dest[`${aud}:bot`]];
      sends.push({ aud, what: "recap", path: `/api/deals/${dealId}/deliveries`, body: { artefact: "recap", recapId, audience: aud, destinationIds, emails: [adHoc[aud]] } });
      if (aud === "buyer") continue;
      sends.push({ aud, what: "brief", path: `/api/deals/${dealId}/deliveries`, body: { artefact: "brief", audience: aud, destinationIds, emails: [adHoc[aud]] } });
      sends.push({ aud, what: "sla", path: `/api/deals/${slaDeal}/deliveries`, body: { artefact: "sla", audience: aud, destinationIds, emails: [adHoc[aud]] } });
      sends.push({ aud, what: "walk", path: "/api/ledger/walk/deliveries", body: { partnerOrgId, audience: aud, destinationIds, emails: [adHoc[aud]] } });
    }
    const seen: Record<string, { slack: string[]; mail: string[] }> = {};
    for (const s of sends) {
      const beforeSlack = slack.posts.length;
      await settle();
      const beforeMail = mails.length;
      const r = await call("POST", s.path, s.body);
      expect(r.status, `${s.aud} ${s.what}: ${JSON.stringify(r.body)}`).toBe(200);
      expect(r.body.results, `${s.aud} ${s.what}`).toHaveLength(4);
      for (const x of r.body.results) expect(x, `${s.aud} ${s.what}`).toMatchObject({ status: "sent", error: null, duplicate: false });
      await settle();
      const newSlack = slack.posts.slice(beforeSlack);
      expect(newSlack.map((p) => p.outcome)).toEqual(["ok", "ok"]);
      for (const p of newSlack) expect(validateSlackPayload({ text: p.text ?? undefined, blocks: p.blocks })).toBeNull();
      expect(newSlack.map((p) => (p.kind === "webhook" ? p.path : p.channel))).toEqual([HOOKS[s.aud], CHANNELS[s.aud]]);
      const newMail = mails.slice(beforeMail);
      expect(newMail).toHaveLength(2);
      seen[`${s.aud}:${s.what}`] = { slack: newSlack.map((p) => p.raw), mail: newMail.map((m) => `${m.subject}\n${m.text}\n${m.html}`) };
    }
    // Nothing internal for the partner or the buyer, on any channel, in any artefact.
    for (const [key, v] of Object.entries(seen)) {
      if (key.startsWith("ours:")) continue;
      for (const payload of [...v.slack, ...v.mail]) expect(payload, key).not.toContain(MARKER);
    }
    // Our side's deliveries do carry the internal commitment (so this test can fail).
    for (const what of ["recap", "brief", "sla", "walk"]) {
      const v = seen[`ours:${what}`];
      for (const payload of v.mail) expect(payload, `ours ${what} email`).toContain(MARKER);
      for (const payload of v.slack) expect(decodeURIComponent(payload.replace(/\+/g, " ")), `ours ${what} slack`).toContain(MARKER);
    }
    // The partner who is not a Baton user got it by email; the buyer got the recap in their inbox.
    expect(mails.some((m) => m.to.includes("new.partner.rep@brightpath.no") && /Recap: Discovery/.test(m.subject))).toBe(true);
    expect(mails.some((m) => m.to.includes("eva.strand@fjorddairy.no") && /Recap/.test(m.subject))).toBe(true);
    const partnerSla = seen["partner:sla"].mail.join("\n");
    expect(partnerSla).toMatch(/Your intro: Fjord Dairy/);
    expect(partnerSla).toMatch(/It is with /);

    const log = await call("GET", `/api/deals/${dealId}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body.deliveries.length).toBe(4 * sends.filter((s) => s.path === `/api/deals/${dealId}/deliveries`).length); // 4 targets each
    expect(log.body.deliveries.every((d: { payloadDigest: string }) => /^[0-9a-f]{64}$/.test(d.payloadDigest))).toBe(true);
  });

  it("does not send the same message to the same target twice", async () => {
    const before = slack.posts.length;
    const r = await call("POST", `/api/deals/${dealId}/deliveries`, { artefact: "recap", recapId, audience: "partner", destinationIds: [dest["partner:hook"]] });
    expect(r.status).toBe(200);
    expect(r.body.results[0]).toMatchObject({ status: "sent", duplicate: true });
    expect(slack.posts.length).toBe(before);
  });

  it("tries every target and records each failure with its exact error", async () => {
    const broken = await call("POST", "/api/delivery/destinations", { name: "revoked hook", channel: "slack-webhook", audience: "partner", webhookUrl: slack.webhookUrl("/services/T1/B9/revokedSecret") });
    const wrongBot = await call("POST", "/api/delivery/destinations", { name: "wrong bot", channel: "slack-api", audience: "partner", target: "C0PARTNER", token: "xoxb-0000-revoked" });
    const notIn = await call("POST", "/api/delivery/destinations", { name: "other channel", channel: "slack-api", audience: "partner", target: "C0NOWHERE", token: TOKEN });
    const r = await call("POST", `/api/deals/${dealId}/deliveries`, {
      artefact: "brief", audience: "partner",
      destinationIds: [broken.body.destination.id, wrongBot.body.destination.id, notIn.body.destination.id, dest["ours:hook"], dest["partner:bot"]],
    });
    expect(r.status).toBe(200);
    const by = (id: string) => r.body.results.find((x: { destinationId: string }) => x.destinationId === id);
    expect(by(broken.body.destination.id)).toMatchObject({ status: "failed", error: expect.stringMatching(/Slack webhook answered 404: no_service \(host 127\.0\.0\.1:\d+\)/) });
    expect(by(broken.body.destination.id).error).not.toContain("revokedSecret");
    expect(by(wrongBot.body.destination.id)).toMatchObject({ status: "failed", error: expect.stringMatching(/C0PARTNER.*invalid_auth/) });
    expect(by(notIn.body.destination.id)).toMatchObject({ status: "failed", error: expect.stringMatching(/C0NOWHERE.*channel_not_found/) });
    expect(by(dest["ours:hook"])).toMatchObject({ status: "failed", error: 'Destination "ours hook" is for audience ours, not partner' });
    expect(by(dest["partner:bot"])).toMatchObject({ status: "sent" });
    const rows = await deps.db.selectFrom("deliveries").selectAll().where("status", "=", "failed").execute();
    expect(rows.map((x) => x.error)).toEqual(expect.arrayContaining([by(broken.body.destination.id).error, by(wrongBot.body.destination.id).error]));
  });

  it("refuses what an audience must not get", async () => {
    const buyerBrief = await call("POST", `/api/deals/${dealId}/deliveries`, { artefact: "brief", audience: "buyer", emails: ["dag@fjorddairy.no"] });
    expect(buyerBrief.status).toBe(400);
    expect(buyerBrief.body.error.message).toMatch(/not the buyer/);
    const buyerWalk = await call("POST", "/api/ledger/walk/deliveries", { partnerOrgId, audience: "buyer", emails: ["dag@fjorddairy.no"] });
    expect(buyerWalk.status).toBe(400);
    const outsider = await call("POST", `/api/deals/${dealId}/deliveries`, { artefact: "brief", audience: "ours", emails: ["someone@gmail.com"] });
    expect(outsider.status).toBe(200);
    expect(outsider.body.results[0]).toMatchObject({ status: "failed", error: expect.stringMatching(/not on our side/) });
    const none = await call("POST", `/api/deals/${dealId}/deliveries`, { artefact: "brief", audience: "ours" });
    expect(none.status).toBe(400);
  });

  it("lets the weekly-walk and escalation jobs post to subscribed destinations, once, each audience its own rendering", async () => {
    const auto = createAutoDelivery({ mailer, secretBox: box, slackApiUrl: slack.apiUrl, slackRetries: 1, slackMinRetryMs: 10, baseUrl: "https://baton.example.com" });
    const oursHook = await call("POST", "/api/delivery/destinations", { name: "ours auto", channel: "slack-webhook", audience: "ours", webhookUrl: slack.webhookUrl(HOOKS.ours), auto: ["walk", "sla"] });
    const partnerBot = await call("POST", "/api/delivery/destinations", { name: "partner auto", channel: "slack-api", audience: "partner", partnerOrgId, target: CHANNELS.partner, token: TOKEN, auto: ["walk", "sla"] });
    expect([oursHook.status, partnerBot.status]).toEqual([201, 201]);
    const autoIds = [oursHook.body.destination.id, partnerBot.body.destination.id];
    const autoPosts = async () => (await deps.db.selectFrom("deliveries").selectAll().where("destination_id", "in", autoIds).orderBy("id").execute());

    const before = slack.posts.length;
    await runWeeklyWalk(deps, { week: "2026-W19" }, { smtpUrl: null, baseUrl: null, deliver: auto.walk });
    const walkPosts = slack.posts.slice(before);
    expect(walkPosts.map((p) => [p.kind, p.outcome])).toEqual([["webhook", "ok"], ["api", "ok"]]);
    expect(walkPosts[0].raw).toContain(MARKER);
    expect(walkPosts[1].raw).not.toContain(MARKER);
    expect(decodeURIComponent(walkPosts[1].raw)).toContain("Ledger walk");
    // The job runs again (a retry, or a second worker): nothing is posted twice.
    await runWeeklyWalk(deps, { week: "2026-W19" }, { smtpUrl: null, baseUrl: null, deliver: auto.walk });
    expect(slack.posts.length).toBe(before + 2);

    const intro = await intakeIntro(deps, cliActor, { content: readFileSync(join(import.meta.dirname, "../../../test/fixtures/delivery/intro-lumen.eml")), receivedAt: new Date("2026-05-05T07:00:00Z") });
    const n = slack.posts.length;
    const first = await escalateHandoff(deps, { mailer: null, slackWebhookUrl: null, notify: auto.introAlert }, { handoffId: intro.handoffId, level: 1 });
    expect(first).toMatchObject({ status: "not_sent" });
    const alerts = slack.posts.slice(n);
    expect(alerts.map((p) => p.kind)).toEqual(["webhook", "api"]);
    expect(alerts[0].raw).toMatch(/Intro waiting for a first action|Intro status/);
    expect(decodeURIComponent(alerts[1].raw.replace(/\+/g, " "))).toContain("Your intro: Lumen Foods");
    expect(await escalateHandoff(deps, { mailer: null, slackWebhookUrl: null, notify: auto.introAlert }, { handoffId: intro.handoffId, level: 1 })).toMatchObject({ status: "skipped" });
    await escalateHandoff(deps, { mailer: null, slackWebhookUrl: null, notify: auto.introAlert }, { handoffId: intro.handoffId, level: 2 });
    // Level 2 reaches our side again; the partner heard once.
    expect(slack.posts.slice(n).map((p) => p.kind)).toEqual(["webhook", "api", "webhook"]);
    expect((await autoPosts()).map((r) => [r.artefact, r.audience, r.status])).toEqual([
      ["walk", "ours", "sent"], ["walk", "partner", "sent"], ["sla", "ours", "sent"], ["sla", "partner", "sent"], ["sla", "ours", "sent"],
    ]);
  });

  it("is for our side only: a partner user gets 403 on every delivery route", async () => {
    const ws = await getWorkspace(deps);
    const partnerUser = await createUser(deps, { workspaceId: ws.id, email: "clara.moe@brightpath.no", name: "Clara", password: "correct horse battery", role: "partner", partnerOrgId });
    const headers = { authorization: `Bearer ${(await createApiToken(deps, partnerUser.id, "p")).token}`, "content-type": "application/json" };
    const tries: Array<[string, string, unknown?]> = [
      ["GET", "/api/delivery/destinations"], ["POST", "/api/delivery/destinations", { name: "p", channel: "email", audience: "partner", target: "x@brightpath.no" }],
      ["DELETE", `/api/delivery/destinations/${dest["partner:hook"]}`], ["GET", `/api/deals/${dealId}/deliveries`],
      ["POST", `/api/deals/${dealId}/deliveries`, { artefact: "recap", recapId, audience: "partner", emails: ["x@brightpath.no"] }],
      ["POST", "/api/ledger/walk/deliveries", { partnerOrgId, audience: "partner", emails: ["x@brightpath.no"] }],
    ];
    for (const [method, path, body] of tries) {
      const res = await app.request(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
  });

  it("removes a destination", async () => {
    expect((await call("DELETE", `/api/delivery/destinations/${dest["buyer:bot"]}`)).status).toBe(200);
    expect((await call("DELETE", `/api/delivery/destinations/${dest["buyer:bot"]}`)).status).toBe(404);
  });
});
