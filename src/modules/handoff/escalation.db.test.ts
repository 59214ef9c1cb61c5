// The time-to-first-action clock across a weekend, a holiday and a DST change, and the
// escalation jobs: each level fires once even with two workers, and mails over real SMTP.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { openTestDb, testDeps, testDbKind } from "../../../test/db.ts";
import { createWorker } from "../../server/jobs.ts";
import { createWorkspace, findOrgByDomain, insertOrg, insertPerson, updateWorkspaceSettings, upsertPartner } from "../directory/index.ts";
import { cliActor } from "../../shared/deps.ts";
import { escalateHandoff } from "./escalate-handoff.ts";
import { createEscalateHandoffJob } from "./handoff.jobs.ts";
import { getHandoffView, recordFirstAction } from "./handoff.service.ts";
import { intakeIntro } from "./intake-intro.ts";

const ROOT = join(import.meta.dirname, "../../../test/fixtures");
const fixture = (p: string) => readFileSync(join(ROOT, p));

interface Received { from: string; to: string[]; subject: string; raw: string }
let database: Database;
let deps: ReturnType<typeof testDeps>;
let smtp: SMTPServer;
let smtpPort = 0;
const mails: Received[] = [];
const ours: Record<string, string> = {};

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-03-06T21:00:00Z");
  const ws = await createWorkspace(deps, { name: "Brightkite", domains: ["brightkite.io"], timezone: "America/Chicago" });
  await updateWorkspaceSettings(deps, cliActor, { holidays: ["2026-03-09"] });
  const org = await insertOrg(deps, ws.id, { name: "Brightkite", side: "ours", domains: ["brightkite.io"] });
  for (const [key, name] of [["ava", "Ava Brooks"], ["noah", "Noah Kim"], ["pia", "Pia Larsen"]]) {
    ours[key] = (await insertPerson(deps, ws.id, { name, emails: [`${key}@brightkite.io`], phones: [], title: null, orgId: org.id })).id;
  }
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ["AUTH", "STARTTLS"], logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address),
          subject: (/^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? "").replace(/\r?\n[ \t]/g, " "), raw,
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
  smtpPort = (smtp.server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await database?.close();
});

describe(`time to first action and escalation (${testDbKind})`, () => {
  let dealId = "";
  let otherDealId = "";

  it("counts business time across a weekend, a holiday and the DST change", async () => {
    // Fri 6 Mar 15:00 CST; the weekend holds the switch to CDT (Sun 8 Mar); Mon 9 Mar is a holiday.
    const r = await intakeIntro(deps, cliActor, { content: fixture("intake/other-partner.eml"), receivedAt: new Date("2026-03-06T21:00:00Z") });
    dealId = r.dealId;
    expect(r.dueAt).toBe("2026-03-10T20:00:00.000Z"); // Fri 2 h + Tue 09:00–15:00 CDT
    expect(r).toMatchObject({ ownerId: ours.ava, backupId: ours.noah });
    const at = async (iso: string) => { deps.clock.set(iso); return (await getHandoffView(deps, dealId)).clock; };
    expect(await at("2026-03-06T23:00:00Z")).toMatchObject({ elapsedMs: 2 * 3600_000, status: "on_track" }); // Fri 17:00
    expect(await at("2026-03-09T18:00:00Z")).toMatchObject({ elapsedMs: 2 * 3600_000, status: "on_track" }); // the holiday
    expect(await at("2026-03-10T14:00:00Z")).toMatchObject({ elapsedMs: 2 * 3600_000, status: "on_track" }); // Tue 09:00 CDT
    expect(await at("2026-03-10T19:00:00Z")).toMatchObject({ elapsedMs: 7 * 3600_000, status: "at_risk" });
    expect(await at("2026-03-10T20:00:00Z")).toMatchObject({ elapsedMs: 8 * 3600_000, status: "breached", ratio: 1 });
  });

  it("escalates each level once, to the backup then the partner manager, even with two workers", async () => {
    const ws = (await deps.db.selectFrom("workspaces").select("id").executeTakeFirstOrThrow()).id;
    const orbis = await findOrgByDomain(deps, ws, "orbisadvisory.com");
    await upsertPartner(deps, orbis!.id, { partnerManagerId: ours.pia });
    // A second intro whose owner acts in time: its escalations must stay silent.
    deps.clock.set("2026-03-06T21:00:00Z");
    const other = await intakeIntro(deps, cliActor, { content: fixture("intake/northpeak-second.eml"), receivedAt: new Date("2026-03-06T21:00:00Z") });
    otherDealId = other.dealId;
    deps.clock.set("2026-03-06T22:00:00Z");
    await recordFirstAction(deps, cliActor, otherDealId, { kind: "reply_sent" });

    const job = createEscalateHandoffJob({ smtpUrl: `smtp://127.0.0.1:${smtpPort}` });
    const w1 = createWorker({ deps, definitions: [job], workerId: "w1", concurrency: 4 });
    const w2 = createWorker({ deps, definitions: [job], workerId: "w2", concurrency: 4 });
    const runBoth = async () => (await Promise.all([w1.runOnce(), w2.runOnce()])).reduce((a, b) => a + b, 0);

    deps.clock.set("2026-03-10T19:59:00Z");
    expect(await runBoth()).toBe(0);
    deps.clock.set("2026-03-10T20:00:00Z"); // 100%: level 1 of both handoffs is due
    expect(await runBoth()).toBe(2);
    expect(await runBoth()).toBe(0);
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual(["noah@brightkite.io", "ava@brightkite.io"]);
    expect(mails[0].subject).toBe("Intro waiting for a first action: Lakeside Orthodontics (from Orbis Advisory)");
    expect(mails[0].raw).toMatch(/Lakeside loses around 40 appointments/);

    deps.clock.set("2026-03-11T16:00:00Z"); // 150%: Wed 11:00 CDT
    expect(await runBoth()).toBe(2);
    expect(mails).toHaveLength(2);
    expect(mails[1].to).toEqual(["pia@brightkite.io", "ava@brightkite.io", "noah@brightkite.io"]);
    expect(mails[1].subject).toBe("Escalation: intro from Orbis Advisory still unanswered: Lakeside Orthodontics");

    const view = await getHandoffView(deps, dealId);
    expect(view.escalations.map((e) => [e.level, e.delivery, e.recipients[0]])).toEqual([[1, "sent", "noah@brightkite.io"], [2, "sent", "pia@brightkite.io"]]);
    expect((await getHandoffView(deps, otherDealId)).escalations).toEqual([]);
    const log = await deps.db.selectFrom("activity").select("data").where("deal_id", "=", dealId).where("action", "=", "escalate").execute();
    expect(log).toHaveLength(2);
  });

  it("records 'not sent' when no SMTP is configured, and never twice", async () => {
    // Another buyer: a new Harrow Veterinary intro would join Harrow's open deal (whose clock already stopped).
    const text = fixture("intake/northpeak-second.eml").toString("utf8").replace("np-002@", "np-003@").replace("Irene", "Irina")
      .replaceAll("harrowvet.com", "harrowpets.com").replaceAll("Harrow Veterinary", "Harrow Pets");
    const r = await intakeIntro(deps, cliActor, { content: Buffer.from(text), receivedAt: deps.clock.now() });
    expect(r.matched).toBe("new-deal");
    const { id } = await deps.db.selectFrom("handoffs").select("id").where("deal_id", "=", r.dealId).executeTakeFirstOrThrow();
    expect(await escalateHandoff(deps, { mailer: null }, { handoffId: id, level: 1 })).toMatchObject({ status: "not_sent", note: "not sent: no SMTP configured" });
    expect(await escalateHandoff(deps, { mailer: null }, { handoffId: id, level: 1 })).toMatchObject({ status: "skipped" });
    // Northpeak has no partner manager.
    expect(await escalateHandoff(deps, { mailer: null }, { handoffId: id, level: 2 })).toMatchObject({ status: "not_sent", note: expect.stringMatching(/no partner manager/) });
  });

  it("stops the clock by itself when a call is stored for the deal", async () => {
    const h = await deps.db.selectFrom("handoffs").select(["id", "deal_id"]).where("deal_id", "=", dealId).executeTakeFirstOrThrow();
    await deps.db.insertInto("conversations").values({
      id: "conv_call_1", deal_id: h.deal_id, kind: "call", role: null, title: "Discovery", source_file: "call.vtt", source_format: "vtt",
      started_at: new Date("2026-03-11T17:00:00Z"), content_hash: "h-call-1", language: "en", languages: "{}", email: null, merged_from: "[]",
    }).execute();
    deps.clock.set("2026-03-12T15:00:00Z");
    const view = await getHandoffView(deps, dealId);
    expect(view.firstAction).toMatchObject({ kind: "call_held", at: "2026-03-11T17:00:00.000Z", by: "system" });
    expect(view.clock).toMatchObject({ isRunning: false, elapsedMs: 13 * 3600_000, status: "breached" });
  });
});
