// Browser journey over the settings screens: CRM sync (a signed-webhook connection whose receiver refuses a change,
// the dead letter with the exact error, Retry → delivered exactly once), Delivery (a Slack webhook and an email
// destination for the partner; an agreed recap sent from the deal's Deliveries panel reaches both without the words
// kept internal), the Audit log (the deal view and the partner export, filtered by action), the deal page's CRM
// sync section (the hint with nothing connected, hidden from partner users; last sync state, Sync now, a refusal
// with the CRM's error) and Recording consent (the policy round-trips, holds an uploaded call, read-only for members).
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/modules/auth/index.ts";
import { DEMO_LOGIN, DEMO_PARTNER_LOGIN } from "../src/server/demo.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../test/crm-webhook-receiver.ts";
import { startFakeSlack, type FakeSlack } from "../test/fake-slack-server.ts";
import { CHROMIUM_PATH, hasChromium, ROOT, startDemoSession, type DemoSession } from "./pages/browser.ts";
import { DealsPage } from "./pages/deals-page.ts";
import { LoginPage } from "./pages/login-page.ts";
import { AuditSettingsPage, ConsentSettingsPage, CrmSettingsPage, CrmSyncPanel, DeliveryPanel, DeliverySettingsPage } from "./pages/settings-pages.ts";

if (!hasChromium) console.warn(`[e2e] skipping the settings journey: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);

interface ApiDeal { id: string; name: string }
interface ApiDealDetail { deal: ApiDeal; conversations: { id: string; kind: string; title: string; startedAt: string }[] }
interface ApiRecapLine { id: string; section: string; text: string; internal: boolean; evidence: { conversationId: string; seq: number; quote: string }[] }
interface ApiRecap { id: string; version: number; isAgreed: boolean; lines: ApiRecapLine[] }
interface OutboxRow { id: string; op: string; attempts: number; lastError: string | null; lastStatus: number | null }
interface Received { rcpt: string[]; raw: Buffer }

const SHOT = (name: string) => `${ROOT}.tmp/${name}.png`;
const WEBHOOK_SECRET = "whsec_settings_journey_0123456789";
const REFUSAL = "receiver refused: amount must be a number";
const SLACK_PATH = "/services/T0SETTINGS/B0JOURNEY/s3cr3t";
const PARTNER_EMAIL = "co-sell@partner-team.example";
const HELD_FIXTURE = join(ROOT, "test", "fixtures", "ingest", "held-for-consent.vtt");
const MEMBER = { email: "morgan.member@baton.local", name: "Morgan Member", password: "member-pass-2026!" };

describe.skipIf(!hasChromium)(`settings journey in Chromium (${CHROMIUM_PATH})`, () => {
  let session: DemoSession;
  let server: DemoSession["server"];
  let page: DemoSession["page"];
  let receiver: WebhookReceiver;
  let slack: FakeSlack;
  let smtp: SMTPServer;
  const received: Received[] = [];
  let savedSmtpUrl: string | undefined;
  let csrf = "";
  let deal: ApiDeal;

  beforeAll(async () => {
    receiver = await startWebhookReceiver(WEBHOOK_SECRET);
    slack = await startFakeSlack({ webhooks: [SLACK_PATH] });
    smtp = new SMTPServer({
      authOptional: true, disabledCommands: ["STARTTLS"], logger: false,
      onData(stream, s, cb) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => { received.push({ rcpt: s.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw: Buffer.concat(chunks) }); cb(); });
      },
    });
    await new Promise<void>((resolve, reject) => { smtp.server.once("error", reject); smtp.listen(0, "127.0.0.1", () => resolve()); });
    // Delivery reads BATON_SMTP_URL when the first email goes out; set it before the server starts, restore it after.
    savedSmtpUrl = process.env.BATON_SMTP_URL;
    process.env.BATON_SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    session = await startDemoSession({ name: "settings", viewport: { width: 1360, height: 900 } });
    ({ server, page } = session);

    await new LoginPage(page, server.url).open();
    await new LoginPage(page, server.url).signIn(DEMO_LOGIN.email, DEMO_LOGIN.password);
    await page.waitForURL(/\/deals(\?|$)/);
    await new DealsPage(page, server.url).waitForList();
    csrf = (await api<{ csrfToken: string }>("GET", "/api/auth/me")).csrfToken;
    deal = (await api<{ deals: ApiDeal[] }>("GET", "/api/deals")).deals[0]!;
  });

  afterAll(async () => {
    await session?.close();
    await receiver?.close();
    await slack?.close();
    if (smtp) await new Promise<void>((r) => smtp.close(() => r()));
    if (savedSmtpUrl === undefined) delete process.env.BATON_SMTP_URL;
    else process.env.BATON_SMTP_URL = savedSmtpUrl;
  });

  /** The API as the signed-in browser calls it: the session cookie, and the CSRF header on writes. */
  async function api<T>(method: string, path: string, data?: unknown): Promise<T> {
    const res = await page.request.fetch(`${server.url}${path}`, { method, ...(data !== undefined ? { data } : {}), headers: csrf && method !== "GET" ? { "x-csrf-token": csrf } : {} });
    expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  }

  it("Deal page CRM sync: a one-line hint to Settings → CRM sync while nothing is connected; partner users never see the section", async () => {
    await page.goto(`${server.url}/deals/${deal.id}`);
    const panel = new CrmSyncPanel(page);
    await panel.waitLoaded();
    expect(await panel.hint()).toEqual({ text: "No CRM receives this deal yet. Connect one in Settings → CRM sync.", href: "/settings/crm" });
    expect(await panel.section().locator("[data-testid=crm-sync-now]").count()).toBe(0);
    await panel.section().screenshot({ path: SHOT("deal-crm-sync-hint") });

    // A partner user on a deal shared with them: no CRM section, and the page never asks for the staff-only endpoints.
    const partner = await signInElsewhere(DEMO_PARTNER_LOGIN.email, DEMO_PARTNER_LOGIN.password);
    try {
      const crmCalls: string[] = [];
      partner.page.on("request", (r) => { if (/\/api\/deals\/[^/]+\/crm(-sync)?$/.test(new URL(r.url()).pathname)) crmCalls.push(r.url()); });
      const shared = (await (await partner.page.request.get(`${server.url}/api/deals`)).json() as { deals: ApiDeal[] }).deals;
      expect(shared.length, "the demo shares a deal with the partner").toBeGreaterThan(0);
      await partner.page.goto(`${server.url}/deals/${shared[0]!.id}`);
      await partner.page.waitForSelector("[data-testid=deal-header]");
      await partner.page.waitForSelector("[data-testid=items-area]");
      await partner.page.waitForLoadState("networkidle");
      expect(await partner.page.locator("[data-testid=crm-sync-panel]").count()).toBe(0);
      expect(crmCalls).toEqual([]);
      // Nor the consent policy screen.
      await partner.page.goto(`${server.url}/settings/consent`);
      await partner.page.getByText("Page not found").waitFor();
      expect(await partner.page.locator("[data-testid=consent-page]").count()).toBe(0);
    } finally {
      await partner.context.close();
    }
  });

  it("CRM sync: refused changes wait with the exact error and a failing badge; Retry delivers each exactly once", async () => {
    const crm = new CrmSettingsPage(page, server.url);
    await crm.open();
    await crm.addWebhook({ name: "Partner ops webhook", url: receiver.url, secret: WEBHOOK_SECRET });
    expect(await crm.health("Partner ops webhook")).toEqual({ health: "unknown", label: "Not checked" });

    // The receiver refuses every change (a 4xx: dead-lettered at once, never retried on its own).
    receiver.inject({ type: "status", status: 400, body: REFUSAL, times: 1000 });
    const sync = await api<{ targets: number; inserted: number }>("POST", `/api/deals/${deal.id}/crm-sync`, {});
    expect(sync.targets).toBe(1);
    await waitForQuiet();
    const dead = (await api<{ rows: OutboxRow[] }>("GET", "/api/crm/outbox?status=dead")).rows;
    expect(dead.length, "the sync planned at least one change").toBeGreaterThan(0);
    const exact = `POST ${receiver.url} answered 400: ${REFUSAL} [HTTP 400]`;
    for (const row of dead) expect(row).toMatchObject({ lastError: exact, lastStatus: 400, attempts: 1 });
    expect(receiver.hits).toBe(dead.length);
    expect(receiver.deliveries).toHaveLength(0);

    // The page: the failing badge with the error under it, one dead letter per change with the exact text.
    await page.reload();
    await crm.deadRows().first().waitFor();
    expect(await crm.deadRows().count()).toBe(dead.length);
    expect(await crm.deadErrors()).toEqual(dead.map(() => exact));
    expect(await crm.health("Partner ops webhook")).toEqual({ health: "failing", label: "Failing" });
    expect(await crm.lastErrors()).toEqual([`Last error: ${exact}`]);
    await page.screenshot({ path: SHOT("settings-crm-dead-letter"), fullPage: true });

    // The receiver is fixed: Retry each row; each leaves the list and arrives exactly once.
    receiver.clearFaults();
    for (const [i, row] of dead.entries()) {
      await crm.retry(row.id);
      await expect.poll(() => receiver.deliveries.length, { timeout: 20_000 }).toBe(i + 1);
      await expect.poll(() => crm.deadRows().count()).toBe(dead.length - i - 1);
    }
    await waitForQuiet();
    expect(receiver.deliveries).toHaveLength(dead.length);
    expect(receiver.applied.size).toBe(dead.length);
    expect(receiver.rejected).toBe(0);
    expect(await pollDead(0)).toEqual([]);
    await page.reload();
    await crm.connection("Partner ops webhook").waitFor();
    expect(await crm.deadRows().count()).toBe(0);
    expect(await crm.health("Partner ops webhook")).toEqual({ health: "ok", label: "Healthy" });
    expect(await crm.lastErrors()).toEqual([]);
    await page.screenshot({ path: SHOT("settings-crm-retried"), fullPage: true });
  });

  it("Deal page CRM sync: the last sync per CRM; Sync now queues changes, and a refusal shows with the CRM's error until retried", async () => {
    const panel = new CrmSyncPanel(page);
    // The deal synced above: sent, and nothing new to send.
    await page.goto(`${server.url}/deals/${deal.id}`);
    await panel.waitLoaded();
    expect(await panel.rows()).toEqual([{ connection: "Partner ops webhook", state: "sent", badge: "Sent" }]);
    expect(await panel.syncNow()).toBe("Nothing new to send: the CRM already has this deal's current record.");
    expect(await panel.stateOf("Partner ops webhook")).toBe("sent");

    // A second CRM connected since: it has never had this deal. The receiver refuses: Sync now queues the changes
    // for the new one only → failed, with the CRM's exact words; the first stays sent.
    const crm = new CrmSettingsPage(page, server.url);
    await crm.open();
    await crm.addWebhook({ name: "Ops mirror webhook", url: receiver.url, secret: WEBHOOK_SECRET });
    await page.goto(`${server.url}/deals/${deal.id}`);
    await panel.waitLoaded();
    expect(byName(await panel.rows())).toEqual(byName([
      { connection: "Partner ops webhook", state: "sent", badge: "Sent" },
      { connection: "Ops mirror webhook", state: "never", badge: "Not synced yet" },
    ]));
    receiver.inject({ type: "status", status: 400, body: REFUSAL, times: 1000 });
    const hitsBefore = receiver.hits;
    expect(await panel.syncNow()).toMatch(/^Queued \d+ changes?; (it is|they are) sent in the background\.$/);
    await expect.poll(() => panel.stateOf("Ops mirror webhook"), { timeout: 20_000 }).toBe("failed");
    expect(await panel.stateOf("Partner ops webhook")).toBe("sent");
    expect(receiver.hits).toBeGreaterThan(hitsBefore);
    const exact = `POST ${receiver.url} answered 400: ${REFUSAL} [HTTP 400]`;
    expect(await panel.errors()).toEqual([exact]);
    await panel.section().scrollIntoViewIfNeeded();
    await panel.section().screenshot({ path: SHOT("deal-crm-sync-failed") });

    // Fixed and retried (as from Settings → CRM sync): the section shows both sent.
    receiver.clearFaults();
    for (let i = 0; i < 20; i++) {
      const dead = (await api<{ rows: OutboxRow[] }>("GET", "/api/crm/outbox?status=dead")).rows;
      if (!dead.length) break;
      await api("POST", `/api/crm/outbox/${dead.sort((a, b) => Number(a.id) - Number(b.id))[0]!.id}/retry`, {});
      await waitForQuiet();
    }
    expect(await pollDead(0)).toEqual([]);
    await page.reload();
    await panel.waitLoaded();
    expect(byName(await panel.rows())).toEqual(byName([
      { connection: "Partner ops webhook", state: "sent", badge: "Sent" },
      { connection: "Ops mirror webhook", state: "sent", badge: "Sent" },
    ]));
    expect(await panel.errors()).toEqual([]);
    await panel.section().scrollIntoViewIfNeeded();
    await panel.section().screenshot({ path: SHOT("deal-crm-sync") });
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.screenshot({ path: SHOT("deal-page-crm-sync") }); // the section in place, under the deal's Deliveries
  });

  it("Delivery: an agreed recap reaches the partner's Slack webhook and email list without the words kept internal", async () => {
    const settings = new DeliverySettingsPage(page, server.url);
    await settings.open();
    await settings.addDestination({ name: "Partner Slack", channel: "slack-webhook", audience: "partner", target: "#co-sell", secret: slack.webhookUrl(SLACK_PATH) });
    await settings.addDestination({ name: "Partner email list", channel: "email", audience: "partner", target: PARTNER_EMAIL });
    expect((await settings.destinationNames()).sort()).toEqual(["Partner Slack", "Partner email list"].sort());
    await page.screenshot({ path: SHOT("settings-delivery"), fullPage: true });

    // The demo's second call has a drafted recap. Keep the words behind one of its lines internal.
    const detail = await api<ApiDealDetail>("GET", `/api/deals/${deal.id}`);
    const calls = detail.conversations.filter((c) => c.kind === "call").sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const call = calls[1]!;
    let { recap } = await api<{ recap: ApiRecap }>("GET", `/api/conversations/${call.id}/recap`);
    const { utterances } = await api<{ utterances: { seq: number; text: string }[] }>("GET", `/api/conversations/${call.id}`);
    const textAt = (seq: number) => utterances.find((u) => u.seq === seq)?.text.trim() ?? "";
    const usedSeqs = new Set(recap.lines.flatMap((l) => l.evidence.map((e) => e.seq)));
    const hidden = recap.lines.find((l) => !l.internal && l.section !== "discussed" && l.evidence.length === 1
      && textAt(l.evidence[0]!.seq).length >= 20 && recap.lines.filter((o) => o.evidence.some((e) => e.seq === l.evidence[0]!.seq)).length === 1);
    expect(hidden, "a recap line resting on one utterance of its own").toBeTruthy();
    const hiddenSeq = hidden!.evidence[0]!.seq;
    const hiddenWords = textAt(hiddenSeq);
    expect(usedSeqs.has(hiddenSeq)).toBe(true);
    await api("POST", `/api/conversations/${call.id}/internal`, { fromSeq: hiddenSeq, toSeq: hiddenSeq, internal: true });

    // Both selling sides approve: agreed.
    ({ recap } = await api<{ recap: ApiRecap }>("GET", `/api/conversations/${call.id}/recap`));
    await api("POST", `/api/recaps/${recap.id}/approve`, { side: "ours", version: recap.version });
    await api("POST", `/api/recaps/${recap.id}/approve`, { side: "partner", version: recap.version, note: "Partner approved on the call" });
    ({ recap } = await api<{ recap: ApiRecap }>("GET", `/api/conversations/${call.id}/recap`));
    expect(recap.isAgreed).toBe(true);
    const partnerView = (await api<{ recap: ApiRecap }>("GET", `/api/recaps/${recap.id}?audience=partner`)).recap;
    expect(partnerView.lines.some((l) => l.id === hidden!.id), "the partner rendering leaves the line out").toBe(false);
    const shared = partnerView.lines.filter((l) => l.text.trim().length >= 12);
    expect(shared.length).toBeGreaterThan(0);

    // Send from the deal's Deliveries panel, once to each destination.
    await page.goto(`${server.url}/deals/${deal.id}`);
    const panel = new DeliveryPanel(page);
    await panel.section().scrollIntoViewIfNeeded();
    expect(await panel.sendRecap({ recapId: recap.id, audience: "partner", destinationLabel: "Partner Slack (Slack webhook)" })).toEqual([expect.stringMatching(/^Sent to/)]);
    expect(await panel.sendRecap({ recapId: recap.id, audience: "partner", destinationLabel: "Partner email list (Email)" })).toEqual([expect.stringMatching(/^Sent to .*co-sell@partner-team\.example/)]);
    await expect.poll(async () => (await panel.logRows()).filter((r) => r.status === "sent").length).toBe(2);
    await panel.section().screenshot({ path: SHOT("deal-deliveries") });

    // Slack got one payload; the email server one message, to the list.
    await expect.poll(() => slack.posts.length).toBe(1);
    const post = slack.posts[0]!;
    expect(post.outcome).toBe("ok");
    await expect.poll(() => received.length).toBe(1);
    expect(received[0]!.rcpt).toEqual([PARTNER_EMAIL]);
    const mail = await simpleParser(received[0]!.raw);
    const mailText = `${mail.subject ?? ""}\n${mail.text ?? ""}\n${typeof mail.html === "string" ? mail.html : ""}`;
    const norm = (s: string) => s.replace(/\s+/g, " ");
    const slackText = norm(JSON.stringify(post.blocks ?? "") + (post.text ?? "")).replace(/\\"/g, '"');
    // A shared line is there (so the check below can fail), the internal words are not.
    const probe = (l: ApiRecapLine) => norm(l.text).slice(0, 24);
    expect(shared.some((l) => slackText.includes(probe(l))), `Slack carries a shared line:\n${slackText}`).toBe(true);
    expect(shared.some((l) => norm(mailText).includes(probe(l))), `the email carries a shared line:\n${mailText}`).toBe(true);
    for (const needle of [norm(hiddenWords).slice(0, 40), norm(hidden!.text).slice(0, 40)]) {
      expect(slackText).not.toContain(needle);
      expect(norm(mailText)).not.toContain(needle);
      expect(received[0]!.raw.toString("utf8")).not.toContain(needle);
      expect(post.raw).not.toContain(needle);
    }
  });

  it("Audit: the deal view and the partner export are listed and filter by action", async () => {
    const res = await page.request.get(`${server.url}/api/deals/${deal.id}/export?format=html&audience=partner`);
    expect(res.status()).toBe(200);
    const audit = new AuditSettingsPage(page, server.url);
    await audit.open();
    const all = await audit.rows();
    expect(all.some((r) => r.action === "export")).toBe(true);
    expect(all.some((r) => r.action === "view" && r.what === "Deal page" && r.deal === deal.name)).toBe(true);
    await page.screenshot({ path: SHOT("settings-audit"), fullPage: true });

    await audit.filterByAction("export");
    await expect.poll(async () => (await audit.rows()).every((r) => r.action === "export")).toBe(true);
    const exports = await audit.rows();
    expect(exports).toEqual([{ action: "export", what: "html for partner", deal: deal.name }]);
    await page.screenshot({ path: SHOT("settings-audit-export"), fullPage: true });

    await audit.filterByAction("view");
    await expect.poll(async () => (await audit.rows()).every((r) => r.action === "view")).toBe(true);
    const views = await audit.rows();
    expect(views.some((r) => r.what === "Deal page" && r.deal === deal.name)).toBe(true);
    expect(session.pageErrors).toEqual([]);
  });

  it("Recording consent: an admin switches the policy (a refused save says so), it round-trips, holds an uploaded call; members see it read-only", async () => {
    const consent = new ConsentSettingsPage(page, server.url);
    await consent.open();
    expect(await page.locator(".settings-tabs .tab.is-active").innerText()).toBe("Recording consent");
    expect(await consent.state()).toEqual({ badge: "Off", checked: false, enabled: true, attr: "false" });

    // A save the server refuses: the error is shown and the policy stays as it was.
    await page.route("**/api/workspace", (route) => route.request().method() === "PATCH"
      ? route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ error: { code: "INTERNAL", message: "The database is read-only" } }) })
      : route.continue());
    expect(await consent.toggle()).toBe(500);
    expect(await consent.error()).toContain("The policy was not changed: The database is read-only");
    await consent.card().screenshot({ path: SHOT("settings-consent-error") });
    expect(await consent.state()).toEqual({ badge: "Off", checked: false, enabled: true, attr: "false" });
    await page.unroute("**/api/workspace");
    expect((await api<{ settings: { requireConsent: boolean } }>("GET", "/api/workspace")).settings).toEqual({ requireConsent: false });

    // Switched on: saved, shown, and still on after a reload.
    expect(await consent.toggle()).toBe(200);
    expect(await consent.notice()).toMatch(/^Saved: calls imported from now on are held/);
    expect(await consent.state()).toEqual({ badge: "On", checked: true, enabled: true, attr: "true" });
    expect((await api<{ settings: { requireConsent: boolean } }>("GET", "/api/workspace")).settings).toEqual({ requireConsent: true });
    await page.reload();
    await consent.card().waitFor();
    expect(await consent.state()).toEqual({ badge: "On", checked: true, enabled: true, attr: "true" });
    await page.screenshot({ path: SHOT("settings-consent"), fullPage: true });

    // It holds a call with speakers whose consent is unknown.
    const detail = await api<{ people: Array<{ name: string; side: string | null }> }>("GET", `/api/deals/${deal.id}`);
    const vtt = readFileSync(HELD_FIXTURE, "utf8")
      .replaceAll("{{OURS}}", detail.people.find((p) => p.side === "ours")!.name).replaceAll("{{BUYER}}", detail.people.find((p) => p.side === "buyer")!.name);
    const up = await page.request.fetch(`${server.url}/api/deals/${deal.id}/conversations`, {
      method: "POST", headers: { "x-csrf-token": csrf }, multipart: { file: { name: "consent-policy-check.vtt", mimeType: "text/vtt", buffer: Buffer.from(vtt) } },
    });
    expect(up.status(), await up.text()).toBeLessThan(300);
    const uploaded = (await up.json()) as { conversationId: string; heldForConsent: boolean };
    expect(uploaded.heldForConsent).toBe(true);
    await page.goto(`${server.url}/conversations/${uploaded.conversationId}`);
    await page.locator("[data-testid=consent-banner]").waitFor();
    // The banner leads to the policy.
    await page.locator("[data-testid=consent-policy-link]").click();
    await page.waitForURL(/\/settings\/consent$/);
    await consent.card().waitFor();

    // A member sees the policy in force, read-only.
    const { workspace } = await api<{ workspace: { id: string } }>("GET", "/api/workspace");
    await createUser(server.deps, { workspaceId: workspace.id, email: MEMBER.email, name: MEMBER.name, password: MEMBER.password, role: "member" });
    const member = await signInElsewhere(MEMBER.email, MEMBER.password);
    try {
      const view = new ConsentSettingsPage(member.page, server.url);
      await view.open();
      expect(await view.state()).toEqual({ badge: "On", checked: true, enabled: false, attr: "true" });
      expect(await member.page.locator("[data-testid=consent-readonly]").innerText()).toBe("Only admins can change this policy.");
      await member.page.screenshot({ path: SHOT("settings-consent-member"), fullPage: true });
    } finally {
      await member.context.close();
    }

    // Switched off: new calls go straight through; the held call stays held until its consent is recorded.
    expect(await consent.toggle()).toBe(200);
    expect(await consent.state()).toEqual({ badge: "Off", checked: false, enabled: true, attr: "false" });
    expect((await api<{ settings: { requireConsent: boolean } }>("GET", "/api/workspace")).settings).toEqual({ requireConsent: false });
    expect((await api<{ conversation: { heldForConsent: boolean } }>("GET", `/api/conversations/${uploaded.conversationId}`)).conversation.heldForConsent).toBe(true);
    expect(session.pageErrors).toEqual([]);
  });

  const byName = <T extends { connection: string | null }>(rows: T[]) => [...rows].sort((a, b) => (a.connection ?? "").localeCompare(b.connection ?? ""));

  /** A second browser context signed in as someone else (partner, member); close its context when done. */
  async function signInElsewhere(email: string, password: string) {
    const context = await session.context.browser()!.newContext({ viewport: { width: 1360, height: 900 } });
    const p = await context.newPage();
    const login = new LoginPage(p, server.url);
    await login.open();
    await login.signIn(email, password);
    await p.waitForURL(/\/deals(\?|$)/);
    return { context, page: p };
  }

  async function pollDead(n: number): Promise<OutboxRow[]> {
    let rows: OutboxRow[] = [];
    await expect.poll(async () => (rows = (await api<{ rows: OutboxRow[] }>("GET", "/api/crm/outbox?status=dead")).rows).length, { timeout: 20_000 }).toBe(n);
    return rows;
  }

  /** Until the outbox holds nothing pending or in flight. */
  async function waitForQuiet(): Promise<void> {
    await expect.poll(async () => {
      const { rows } = await api<{ rows: Array<{ status: string }> }>("GET", "/api/crm/outbox");
      return rows.filter((r) => r.status === "pending" || r.status === "in_flight").length;
    }, { timeout: 20_000 }).toBe(0);
  }
});
