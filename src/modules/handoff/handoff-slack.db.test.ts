// Slack escalations against a local incoming-webhook server: a Block Kit message per level, once even with two
// workers; a failed post is recorded on the escalation row and retried by the job without mailing twice.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import "../../db/schema-runway.ts";
import { openTestDb, testDeps, testDbKind } from "../../../test/db.ts";
import { createWorker } from "../../server/jobs.ts";
import { createWorkspace, findOrgByDomain, insertOrg, insertPerson, updateWorkspaceSettings, upsertPartner } from "../directory/index.ts";
import { cliActor } from "../../shared/deps.ts";
import type { OutgoingMail } from "./handoff-mailer.ts";
import { buildSlackEscalation } from "./handoff-slack.ts";
import { createEscalateHandoffJob } from "./handoff.jobs.ts";
import { intakeIntro } from "./intake-intro.ts";

const ROOT = join(import.meta.dirname, "../../../test/fixtures");
const fixture = (p: string) => readFileSync(join(ROOT, p));

interface Post { path: string; contentType: string; body: { text?: string; blocks?: Array<Record<string, any>> } }
let database: Database;
let deps: ReturnType<typeof testDeps>;
let server: Server;
let webhook = "";
const posts: Post[] = [];
let failNext = 0;
const mails: OutgoingMail[] = [];
const ours: Record<string, string> = {};
const savedEnv = { slack: process.env.BATON_SLACK_WEBHOOK_URL, url: process.env.BATON_PUBLIC_URL };

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-03-06T21:00:00Z");
  const ws = await createWorkspace(deps, { name: "Brightkite", domains: ["brightkite.io"], timezone: "America/Chicago" });
  await updateWorkspaceSettings(deps, cliActor, { holidays: ["2026-03-09"] });
  const org = await insertOrg(deps, ws.id, { name: "Brightkite", side: "ours", domains: ["brightkite.io"] });
  for (const [key, name] of [["ava", "Ava Brooks"], ["noah", "Noah Kim"], ["pia", "Pia Larsen"]]) {
    ours[key] = (await insertPerson(deps, ws.id, { name, emails: [`${key}@brightkite.io`], phones: [], title: null, orgId: org.id })).id;
  }
  // An incoming webhook: POST JSON with `blocks`, answers 200 "ok" (or, when told to fail, 500 like Slack's outages).
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: Post["body"];
      try { body = JSON.parse(Buffer.concat(chunks).toString("utf8")); } catch { res.writeHead(400).end("invalid_payload"); return; }
      if (req.method !== "POST" || !Array.isArray(body.blocks)) { res.writeHead(400).end("invalid_blocks"); return; }
      if (failNext > 0) { failNext--; res.writeHead(500, { "content-type": "text/plain" }).end("internal_error"); return; }
      posts.push({ path: req.url ?? "", contentType: String(req.headers["content-type"]), body });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  webhook = `http://127.0.0.1:${(server.address() as { port: number }).port}/services/T000/B000/XXXX`;
  process.env.BATON_SLACK_WEBHOOK_URL = webhook;
  process.env.BATON_PUBLIC_URL = "https://baton.brightkite.io/";
});
afterAll(async () => {
  if (savedEnv.slack === undefined) delete process.env.BATON_SLACK_WEBHOOK_URL; else process.env.BATON_SLACK_WEBHOOK_URL = savedEnv.slack;
  if (savedEnv.url === undefined) delete process.env.BATON_PUBLIC_URL; else process.env.BATON_PUBLIC_URL = savedEnv.url;
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await database?.close();
});

const flat = (p: Post) => JSON.stringify(p.body.blocks);

describe(`Slack escalation (${testDbKind})`, () => {
  it("builds a Block Kit message with the header, deal link, elapsed vs target and owner/backup", () => {
    const m = buildSlackEscalation({ level: 2, dealId: "deal_1", dealName: "A <&> B", partnerName: "Orbis", introducedBy: null, elapsedMs: 12 * 3600_000, targetMs: 8 * 3600_000,
      owner: "Ava", backup: null, recipient: "Pia", publicUrl: "https://x.test/" });
    expect(m.blocks[0]).toMatchObject({ type: "header", text: { type: "plain_text", text: "Escalation: intro still unanswered (level 2)" } });
    expect(JSON.stringify(m.blocks)).toContain("<https://x.test/deals/deal_1|A &lt;&amp;&gt; B>");
    expect(JSON.stringify(m.blocks)).toContain("12 h of 8 h target (150%)");
    expect(JSON.stringify(m.blocks)).toContain("*Backup*\\nnobody");
  });

  it("posts each level once, to the webhook, even with two workers; retries a failed post without mailing again", async () => {
    const r = await intakeIntro(deps, cliActor, { content: fixture("intake/other-partner.eml"), receivedAt: new Date("2026-03-06T21:00:00Z") });
    const ws = (await deps.db.selectFrom("workspaces").select("id").executeTakeFirstOrThrow()).id;
    await upsertPartner(deps, (await findOrgByDomain(deps, ws, "orbisadvisory.com"))!.id, { partnerManagerId: ours.pia });

    const job = createEscalateHandoffJob({ mailer: { send: async (m) => { mails.push(m); return { accepted: m.to }; } } });
    const w1 = createWorker({ deps, definitions: [job], workerId: "w1", concurrency: 4 });
    const w2 = createWorker({ deps, definitions: [job], workerId: "w2", concurrency: 4 });
    const runBoth = async () => (await Promise.all([w1.runOnce(), w2.runOnce()])).reduce((a, b) => a + b, 0);

    deps.clock.set("2026-03-10T19:59:00Z");
    expect(await runBoth()).toBe(0);
    deps.clock.set("2026-03-10T20:00:00Z"); // 100%: level 1
    expect(await runBoth()).toBe(1);
    expect(await runBoth()).toBe(0);
    expect(posts).toHaveLength(1);
    expect(mails).toHaveLength(1);
    expect(posts[0].path).toBe("/services/T000/B000/XXXX");
    expect(posts[0].contentType).toMatch(/application\/json/);
    expect(posts[0].body.blocks![0]).toMatchObject({ type: "header", text: { text: "Intro waiting for a first action (level 1)" } });
    expect(flat(posts[0])).toContain(`<https://baton.brightkite.io/deals/${r.dealId}|Lakeside Orthodontics>`);
    expect(flat(posts[0])).toContain("8 h of 8 h target (100%)");
    expect(flat(posts[0])).toContain("*Owner*\\nAva Brooks");
    expect(flat(posts[0])).toContain("*Backup*\\nNoah Kim");
    expect(posts[0].body.text).toMatch(/Lakeside Orthodontics \(from Orbis Advisory\)/);

    // Level 2: Slack is down on the first try. The email goes out once, the failure is recorded, the job retries.
    failNext = 1;
    deps.clock.set("2026-03-11T16:00:00Z"); // 150%
    expect(await runBoth()).toBe(1);
    expect(mails).toHaveLength(2);
    expect(posts).toHaveLength(1);
    const { id: handoffId } = await deps.db.selectFrom("handoffs").select("id").where("deal_id", "=", r.dealId).executeTakeFirstOrThrow();
    const row = async (level: number) => deps.db.selectFrom("handoff_escalations").select(["delivery", "slack_delivery", "slack_note"])
      .where("handoff_id", "=", handoffId).where("level", "=", level).executeTakeFirstOrThrow();
    expect(await row(2)).toMatchObject({ delivery: "sent", slack_delivery: "failed", slack_note: expect.stringMatching(/Slack webhook answered 500: internal_error/) });
    const event = await deps.db.selectFrom("activity").select("data").where("deal_id", "=", r.dealId).where("action", "=", "escalate").orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    expect(event.data).toMatchObject({ level: 2, delivery: "sent", slack: "failed" });
    const queued = await deps.db.selectFrom("jobs").select(["status", "run_at", "last_error"]).where("kind", "=", "handoff.escalate").where("status", "=", "queued").execute();
    expect(queued).toHaveLength(1);
    expect(String(queued[0].last_error)).toMatch(/Slack/);

    deps.clock.set(new Date(new Date(queued[0].run_at).getTime() + 1000).toISOString());
    expect(await runBoth()).toBe(1);
    expect(await runBoth()).toBe(0);
    expect(mails).toHaveLength(2); // not mailed twice
    expect(posts).toHaveLength(2);
    expect(posts[1].body.blocks![0]).toMatchObject({ type: "header", text: { text: "Escalation: intro still unanswered (level 2)" } });
    expect(flat(posts[1])).toContain("*Escalated to*\\nPia Larsen");
    expect(await row(1)).toMatchObject({ delivery: "sent", slack_delivery: "sent", slack_note: null });
    expect(await row(2)).toMatchObject({ delivery: "sent", slack_delivery: "sent", slack_note: null });
  });
});
