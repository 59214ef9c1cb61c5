// Intake end to end: .eml → brief, organisations, people, deal, intro conversation, handoff,
// escalation jobs; idempotent re-intake; owner rules; the HTTP edges; the SMTP listener.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { openTestDb, testDeps, testDbKind } from "../../../test/db.ts";
import { createApp } from "../../server/http.ts";
import { createApiToken, createAuthenticator, createUser } from "../auth/index.ts";
import { listConversationSummaries } from "../conversations/index.ts";
import { getDeal } from "../deals/index.ts";
import { createWorkspace, findOrgByDomain, insertOrg, insertPerson, listPeople } from "../directory/index.ts";
import { listJobs } from "../jobs/index.ts";
import { cliActor } from "../../shared/deps.ts";
import { createHandoffRoutes, createIntakeRoutes } from "./handoff.routes.ts";
import { getHandoffView } from "./handoff.service.ts";
import { intakeIntro } from "./intake-intro.ts";
import { startIntakeServer } from "./intake-smtp.ts";

const ROOT = join(import.meta.dirname, "../../../test/fixtures");
const fixture = (p: string) => readFileSync(join(ROOT, p));

let database: Database;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof createApp>;
let auth: Record<string, string>;
const ours: Record<string, string> = {};

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-05-14T18:00:00Z");
  const ws = await createWorkspace(deps, { name: "Brightkite", domains: ["brightkite.io"], timezone: "America/Chicago" });
  const org = await insertOrg(deps, ws.id, { name: "Brightkite", side: "ours", domains: ["brightkite.io"] });
  for (const [key, name] of [["sam", "Sam Ortiz"], ["ava", "Ava Brooks"], ["noah", "Noah Kim"]]) {
    const email = `${name.toLowerCase().replace(" ", ".")}@brightkite.io`;
    ours[key] = (await insertPerson(deps, ws.id, { name, emails: [email], phones: [], title: null, orgId: org.id })).id;
  }
  const user = await createUser(deps, { workspaceId: ws.id, email: "admin@brightkite.io", name: "Admin", password: "correct horse battery", role: "admin" });
  auth = { authorization: `Bearer ${(await createApiToken(deps, user.id, "tests")).token}` };
  app = createApp({ deps, authenticate: createAuthenticator(deps), modules: [
    { path: "/intake", routes: createIntakeRoutes() }, { path: "/deals", routes: createHandoffRoutes() },
  ] });
});
afterAll(async () => { await database?.close(); });

const call = (method: string, path: string, body?: unknown) =>
  app.request(path, { method, headers: { ...auth, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });

describe(`intro intake (${testDbKind})`, () => {
  let firstDealId = "";

  it("creates the buyer, partner, people, deal, intro conversation, handoff and escalation jobs in one go", async () => {
    const r = await intakeIntro(deps, cliActor, { content: fixture("intros/forwarded-by-vendor.eml") });
    expect(r).toMatchObject({ status: "created", matched: "new-deal" });
    firstDealId = r.dealId;
    const deal = await getDeal(deps, r.dealId);
    expect(deal).toMatchObject({ name: "Pellham Dental Group", stage: "intro", motion: "co-sell", buyer: { name: "Pellham Dental Group" } });
    expect(deal.partners.map((p) => p.name)).toEqual(["Northpeak Partners"]);
    expect(deal.partnerOwner?.name).toBe("Greta Lindholm");
    const ws = (await deps.db.selectFrom("workspaces").select("id").executeTakeFirstOrThrow()).id;
    expect(await findOrgByDomain(deps, ws, "pellhamdental.com")).toMatchObject({ side: "buyer" });
    expect(await findOrgByDomain(deps, ws, "northpeakpartners.com")).toMatchObject({ side: "partner" });
    const victor = (await listPeople(deps, ws, { q: "vhale@pellhamdental.com" }))[0];
    expect(victor).toMatchObject({ name: "Victor Hale", title: "COO", side: "buyer" });

    const convs = await listConversationSummaries(deps, r.dealId);
    expect(convs).toHaveLength(1);
    expect(convs[0].kind).toBe("email");
    const role = await deps.db.selectFrom("conversations").select("role").where("id", "=", convs[0].id).executeTakeFirstOrThrow();
    expect(role.role).toBe("intro");

    // Every field carries value, evidence, confidence and who edited it.
    expect(r.brief.fields.problem).toMatchObject({ value: expect.stringMatching(/nobody can tell/), editedBy: null });
    expect(r.brief.fields.problem.evidence?.quote).toMatch(/no-show rates/);
    expect(r.brief.fields.problem.confidence).toBeGreaterThan(0);
    // Round robin over our people by name: Ava first, Noah backs her up.
    expect(r).toMatchObject({ ownerRule: "round_robin", ownerId: ours.ava, backupId: ours.noah });
    // Arrived Thu 13:00 Chicago; one business day (8 h) later is Fri 13:00 = 18:00Z.
    expect(r.dueAt).toBe("2026-05-15T18:00:00.000Z");
    const jobs = (await listJobs(deps, { kind: "handoff.escalate" })).filter((j) => j.payload.handoffId === r.handoffId);
    expect(jobs.map((j) => [j.payload.level, j.runAt.toISOString(), j.uniqueKey]).sort()).toEqual([
      [1, "2026-05-15T18:00:00.000Z", `handoff.escalate:${r.handoffId}:1`],
      [2, "2026-05-15T22:00:00.000Z", `handoff.escalate:${r.handoffId}:2`], // 12 business hours: Thu 4 h + Fri 8 h
    ]);
  });

  it("changes nothing when the same email comes in again, and says so", async () => {
    const before = await deps.db.selectFrom("deals").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
    const again = await intakeIntro(deps, cliActor, { content: fixture("intros/forwarded-by-vendor.eml") });
    expect(again).toMatchObject({ status: "unchanged", dealId: firstDealId });
    expect(again.message).toMatch(/nothing changed/);
    // Same Message-ID with different bytes (e.g. a re-sent copy) is the same intro too.
    const resent = Buffer.from(fixture("intros/forwarded-by-vendor.eml").toString("utf8").replace("FYI, logging this one.", "FYI, logging this one (again)."));
    expect((await intakeIntro(deps, cliActor, { content: resent })).status).toBe("unchanged");
    const after = await deps.db.selectFrom("deals").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("gives the partner's next intro to its usual owner, and another partner's to the next in the rotation", async () => {
    const second = await intakeIntro(deps, cliActor, { content: fixture("intake/northpeak-second.eml") });
    expect(second).toMatchObject({ status: "created", ownerRule: "partner_usual", ownerId: ours.ava });
    expect((await getDeal(deps, second.dealId)).partners.map((p) => p.name)).toEqual(["Northpeak Partners"]);
    const other = await intakeIntro(deps, cliActor, { content: fixture("intake/other-partner.eml") });
    expect(other).toMatchObject({ status: "created", ownerRule: "round_robin", ownerId: ours.noah, backupId: ours.sam });
    expect(other.brief.fields.partnerCompany.value).toBe("Orbis Advisory");
    expect((await getDeal(deps, other.dealId)).buyer?.name).toBe("Lakeside Orthodontics");
  });

  it("takes an owner by hand", async () => {
    // Another buyer (Lakeside already has an open deal with Orbis, which a new Lakeside intro would join).
    const text = fixture("intake/other-partner.eml").toString("utf8").replace("orbis-17@", "orbis-18@").replace("Paula Grant", "Paula Green")
      .replaceAll("lakesideortho.com", "lakeviewortho.com").replaceAll("Lakeside", "Lakeview");
    const r = await intakeIntro(deps, cliActor, { content: Buffer.from(text), ownerId: ours.sam, backupId: ours.ava });
    expect(r).toMatchObject({ ownerRule: "manual", ownerId: ours.sam, backupId: ours.ava });
  });

  it("reads and edits the brief over HTTP, logging who changed what", async () => {
    const brief = await (await call("GET", `/api/deals/${firstDealId}/brief`)).json();
    expect(brief.brief.fields.whyNow.value).toMatch(/September/);
    const bad = await call("PATCH", `/api/deals/${firstDealId}/brief`, { field: "urgency", value: "urgent!!" });
    expect(bad.status).toBe(400);
    const res = await call("PATCH", `/api/deals/${firstDealId}/brief`, { field: "problem", value: "No-shows at 18% across 22 clinics" });
    expect(res.status).toBe(200);
    const edited = (await res.json()).brief.fields.problem;
    expect(edited).toMatchObject({ value: "No-shows at 18% across 22 clinics", editedBy: expect.stringMatching(/^usr_/), extractedValue: expect.stringMatching(/nobody can tell/) });
    expect(edited.evidence.quote).toMatch(/no-show rates/);
    const log = await deps.db.selectFrom("activity").selectAll().where("deal_id", "=", firstDealId).where("entity", "=", "brief").execute();
    expect(log.at(-1)?.data).toMatchObject({ field: "problem", to: "No-shows at 18% across 22 clinics" });
  });

  it("drafts the first follow-up to the buyer, cc the partner, in the partner's words", async () => {
    const res = await call("GET", `/api/deals/${firstDealId}/first-follow-up`);
    expect(res.status).toBe(200);
    const d = await res.json();
    expect(d.to).toEqual([{ name: "Victor Hale", email: "vhale@pellhamdental.com" }]);
    expect(d.cc).toEqual([{ name: "Greta Lindholm", email: "greta@northpeakpartners.com" }]);
    expect(d.subject).toBe("Re: Intro - Pellham Dental Group <> Brightkite");
    expect(d.text).toMatch(/> They are consolidating practice management systems in September/);
    expect(d.text).toMatch(/No-shows at 18% across 22 clinics/); // the human's edit wins over the quote
    expect(d.text).toMatch(/30-minute demo/);
    expect(d.text).toMatch(/Ava Brooks\nBrightkite/);
  });

  it("stops the clock at the first owned action", async () => {
    deps.clock.set("2026-05-15T15:00:00Z"); // Fri 10:00 Chicago: 5 business hours in
    const view = await getHandoffView(deps, firstDealId);
    expect(view.clock).toMatchObject({ isRunning: true, elapsedMs: 5 * 3600_000, status: "on_track" });
    expect((await call("POST", `/api/deals/${firstDealId}/actions`, { kind: "coffee" })).status).toBe(400);
    const res = await call("POST", `/api/deals/${firstDealId}/actions`, { kind: "reply_sent", at: "2026-05-15T14:00:00Z" });
    expect(res.status).toBe(200);
    const h = (await res.json()).handoff;
    expect(h).toMatchObject({ status: "actioned", firstAction: { kind: "reply_sent" }, clock: { isRunning: false, elapsedMs: 4 * 3600_000, status: "on_track" } });
    // A later action does not move the stop.
    await call("POST", `/api/deals/${firstDealId}/actions`, { kind: "meeting_booked" });
    expect((await getHandoffView(deps, firstDealId)).firstAction?.kind).toBe("reply_sent");
  });

  it("takes intros over HTTP as multipart or raw message/rfc822, and refuses what is not an email", async () => {
    const eml = fixture("intros/html-only-qp.eml");
    const form = new FormData();
    form.append("file", new File([eml], "intro.eml", { type: "message/rfc822" }));
    const res = await app.request("/api/intake", { method: "POST", headers: auth, body: form });
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe("created");
    const raw = await app.request("/api/intake", { method: "POST", headers: { ...auth, "content-type": "message/rfc822" }, body: eml });
    expect((await raw.json()).status).toBe("unchanged");
  });

  it("takes an intro sent over SMTP to the intake listener", async () => {
    const server = await startIntakeServer({ deps, port: 0, host: "127.0.0.1", domain: "brightkite.io" });
    try {
      const transport = nodemailer.createTransport({ host: "127.0.0.1", port: server.port, secure: false, ignoreTLS: true });
      const info = await transport.sendMail({
        from: "Lena Park <lena@quarrypartners.com>", to: "intros@brightkite.io", cc: "Omar Haddad <omar@fernbrookclinics.com>",
        subject: "Intro: Fernbrook Clinics", messageId: "<smtp-1@quarrypartners.com>",
        text: "Hi Brightkite team,\n\nMeet Omar Haddad, COO at Fernbrook Clinics.\n\nFernbrook loses around 60 appointments a month to no-shows because reminders go out from two systems and patients ignore them.\n\nThey sign a new scheduling contract in June, so the timing is tight.\n\nCould you set up a demo with Omar next week?\n\nBest,\nLena Park\nPartner | Quarry Partners\n",
      });
      expect(info.response).toMatch(/^250 .*Intro taken in: deal deal_/);
      const dealId = /deal (deal_\w+)/.exec(info.response)![1];
      const view = await getHandoffView(deps, dealId);
      expect(view.brief.fields["buyerContact.email"].value).toBe("omar@fernbrookclinics.com");
      expect(view.brief.fields.problem.value).toMatch(/no-shows/);
      // Wrong domain, and data that is not RFC 5322, get clear SMTP errors.
      await expect(transport.sendMail({ from: "a@b.com", to: "intros@elsewhere.com", text: "x" })).rejects.toThrow(/only takes intros for @brightkite.io/);
      const rawTransport = nodemailer.createTransport({ host: "127.0.0.1", port: server.port, secure: false, ignoreTLS: true });
      await expect(rawTransport.sendMail({ envelope: { from: "a@b.com", to: ["intros@brightkite.io"] }, raw: fixture("intake/not-an-email.txt") }))
        .rejects.toThrow(/550.*Not an RFC 5322 message/);
      transport.close();
      rawTransport.close();
    } finally {
      await server.close();
    }
  });
});
