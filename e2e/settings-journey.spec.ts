// Browser journey over the settings screens: CRM sync (a signed-webhook connection whose receiver refuses a change,
// the dead letter with the exact error, Retry → delivered exactly once), Delivery (a Slack webhook and an email
// destination for the partner; an agreed recap sent from the deal's Deliveries panel reaches both without the words
// kept internal) and the Audit log (the deal view and the partner export, filtered by action).
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "../src/server/demo.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../test/crm-webhook-receiver.ts";
import { startFakeSlack, type FakeSlack } from "../test/fake-slack-server.ts";
import { CHROMIUM_PATH, hasChromium, ROOT, startDemoSession, type DemoSession } from "./pages/browser.ts";
import { DealsPage } from "./pages/deals-page.ts";
import { LoginPage } from "./pages/login-page.ts";
import { AuditSettingsPage, CrmSettingsPage, DeliveryPanel, DeliverySettingsPage } from "./pages/settings-pages.ts";

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
