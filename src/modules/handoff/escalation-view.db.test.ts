// The handoff view lists each escalation with both channels: email (sent / failed / not sent and why) and
// Slack (sent / failed with the error / not configured), from what escalateHandoff recorded.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { openTestDb, testDbKind, testDeps } from "../../../test/db.ts";
import { createWorkspace, insertOrg, insertPerson } from "../directory/index.ts";
import { cliActor } from "../../shared/deps.ts";
import { escalateHandoff } from "./escalate-handoff.ts";
import { HandoffViewSchema } from "./handoff.schemas.ts";
import { getHandoffView } from "./handoff.service.ts";
import { intakeIntro } from "./intake-intro.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-05-19T13:30:00Z");
  const ws = await createWorkspace(deps, { name: "Brightkite", domains: ["brightkite.io"], timezone: "America/Chicago" });
  const org = await insertOrg(deps, ws.id, { name: "Brightkite", side: "ours", domains: ["brightkite.io"] });
  for (const name of ["Ava Brooks", "Noah Kim"]) await insertPerson(deps, ws.id, { name, emails: [`${name.split(" ")[0].toLowerCase()}@brightkite.io`], phones: [], title: null, orgId: org.id });
});
afterAll(async () => { await database?.close(); });

describe(`escalations in the handoff view (${testDbKind})`, () => {
  it("shows each level's email and Slack delivery, with the error when one failed", async () => {
    const r = await intakeIntro(deps, cliActor, { content: readFileSync(join(import.meta.dirname, "../../../test/fixtures/intake/other-partner.eml")) });
    deps.clock.set("2026-05-21T20:00:00Z"); // well past 150% of the target
    // Level 1: mail sent, Slack not configured.
    await escalateHandoff(deps, { mailer: { send: async (m) => ({ accepted: m.to }) }, slackWebhookUrl: null }, { handoffId: r.handoffId, level: 1 });
    // Level 2: no SMTP, and a Slack webhook that does not answer.
    await expect(escalateHandoff(deps, { mailer: null, slackWebhookUrl: "http://127.0.0.1:9/hook" }, { handoffId: r.handoffId, level: 2 })).rejects.toThrow(/Slack/);

    const view = await getHandoffView(deps, r.dealId);
    expect(HandoffViewSchema.parse(view).escalations).toHaveLength(2);
    const [l1, l2] = view.escalations;
    expect(l1).toMatchObject({ level: 1, email: { state: "sent", detail: "noah@brightkite.io" }, slack: { state: "not_configured", detail: null } });
    expect(l2).toMatchObject({ level: 2, email: { state: "not_sent", detail: expect.stringMatching(/no partner manager|no SMTP/) }, slack: { state: "failed", detail: expect.stringMatching(/Slack webhook unreachable/) } });
  });
});
