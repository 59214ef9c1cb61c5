// Browser journey for a call's recap: draft it on the transcript page, keep one line internal, approve it as our side,
// record the partner's approval, send it — and check what a real (loopback) SMTP server received.
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "../src/server/demo.ts";
import { CHROMIUM_PATH, hasChromium, startDemoSession, type DemoSession } from "./pages/browser.ts";
import { ConversationPage } from "./pages/conversation-page.ts";
import { DealPage } from "./pages/deal-page.ts";
import { DealsPage } from "./pages/deals-page.ts";
import { LoginPage } from "./pages/login-page.ts";
import { RecapPanel } from "./pages/recap-panel.ts";

if (!hasChromium) console.warn(`[e2e] skipping the recap journey: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);

interface ApiDeal { id: string; name: string }
interface ApiDealDetail {
  deal: ApiDeal;
  people: { id: string; name: string; emails: string[]; side: string | null }[];
  conversations: { id: string; kind: string; title: string; startedAt: string; speakers: { personId: string | null; side: string | null }[] }[];
}
interface Received { rcpt: string[]; from: string | null; raw: Buffer }

/** Short printable ASCII without "=": quoted-printable leaves it as is, so a raw-message search can find it. */
const rawSafe = (text: string) => { const t = text.trim(); return t.length >= 12 && t.length <= 60 && /^[\x20-\x3c\x3e-\x7e]+$/.test(t); };
const PARTNER_NOTE = "Samir approved by email on 29 April";

describe.skipIf(!hasChromium)(`recap journey in Chromium (${CHROMIUM_PATH})`, () => {
  let session: DemoSession;
  let server: DemoSession["server"];
  let smtp: SMTPServer;
  const received: Received[] = [];
  let savedSmtpUrl: string | undefined;
  let context: DemoSession["context"];
  let page: DemoSession["page"];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true, disabledCommands: ["STARTTLS"], logger: false,
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
          received.push({ rcpt: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), from, raw: Buffer.concat(chunks) });
          cb();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      smtp.server.once("error", reject);
      smtp.listen(0, "127.0.0.1", () => resolve());
    });
    // The send route reads BATON_SMTP_URL at send time; set it before the server starts and put it back afterwards.
    savedSmtpUrl = process.env.BATON_SMTP_URL;
    process.env.BATON_SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    session = await startDemoSession({ name: "recap", viewport: { width: 1280, height: 900 } });
    ({ server, context, page, pageErrors } = session);
  });

  afterAll(async () => {
    await session?.close();
    if (smtp) await new Promise<void>((r) => smtp.close(() => r()));
    if (savedSmtpUrl === undefined) delete process.env.BATON_SMTP_URL;
    else process.env.BATON_SMTP_URL = savedSmtpUrl;
  });

  const api = async <T>(path: string): Promise<T> => {
    const res = await page.request.get(`${server.url}${path}`);
    expect(res.status(), `GET ${path}`).toBe(200);
    return (await res.json()) as T;
  };

  it("drafts, approves from both sides and sends the first call's recap to its buyer participants", async () => {
    // Sign in with the demo login.
    const login = new LoginPage(page, server.url);
    await login.open();
    await login.signIn(DEMO_LOGIN.email, DEMO_LOGIN.password);
    await page.waitForURL(/\/deals(\?|$)/);
    const deals = new DealsPage(page, server.url);
    await deals.waitForList();

    // The demo deal and its first call (earliest start).
    const { deals: apiDeals } = await api<{ deals: ApiDeal[] }>("/api/deals");
    const target = apiDeals[0]!;
    const detail = await api<ApiDealDetail>(`/api/deals/${target.id}`);
    const call = detail.conversations.filter((c) => c.kind === "call").sort((a, b) => a.startedAt.localeCompare(b.startedAt))[0]!;
    expect(call, "the demo deal has a call").toBeTruthy();
    const peopleById = new Map(detail.people.map((p) => [p.id, p]));
    const buyerEmails = [...new Set(call.speakers
      .map((s) => (s.personId ? peopleById.get(s.personId) : undefined))
      .filter((p): p is ApiDealDetail["people"][number] => !!p && p.side === "buyer" && p.emails.length > 0)
      .map((p) => p.emails[0]!.toLowerCase()))].sort();
    expect(buyerEmails.length, "buyer participants with an email on the first call").toBeGreaterThan(0);

    // Open its transcript from the deal page; the recap section sits below it.
    await deals.openDeal(target.name);
    await new DealPage(page).openConversation(call.title);
    await page.waitForSelector("[data-testid=transcript] .utterance");
    expect(await new ConversationPage(page, server.url).title()).toBe(call.title);
    const recap = new RecapPanel(page);
    await recap.section().scrollIntoViewIfNeeded();
    await recap.waitLoaded();

    // Draft: nothing approved yet, so Send is disabled.
    await recap.draft();
    expect(await recap.status()).toBe("draft");
    expect(await recap.isSendEnabled()).toBe(false);
    const lines = (await recap.lines()).filter((l) => l.text.trim().length > 0);
    expect(lines.length, "the draft has at least two lines").toBeGreaterThanOrEqual(2);
    expect(lines.every((l) => !l.internal)).toBe(true);

    // Keep one line internal: pick one no other line repeats, short plain ASCII so the raw (quoted-printable) message
    // would carry it verbatim if it leaked — its absence from the raw message then means something.
    const distinctive = (l: { id: string; text: string }) => !lines.some((o) => o.id !== l.id && (o.text.includes(l.text.trim()) || l.text.includes(o.text.trim())));
    const internalLine = [...lines].reverse().find((l) => distinctive(l) && rawSafe(l.text))!;
    expect(internalLine, "a line to keep internal").toBeTruthy();
    await recap.markInternalAndSave(internalLine.id);
    const afterSave = await recap.lines();
    expect(afterSave.find((l) => l.id === internalLine.id)?.internal).toBe(true);
    const sharedLines = afterSave.filter((l) => !l.internal && l.text.trim().length > 0);
    expect(sharedLines.length).toBeGreaterThan(0);
    expect(await recap.isSendEnabled()).toBe(false);

    // Approve as our side: still waiting for the partner.
    await recap.approveOurs();
    expect(await recap.status()).toBe("draft");
    expect(await recap.isSendEnabled()).toBe(false);

    // Record the partner's approval with the note the UI asks for: agreed, Send enabled.
    await recap.recordPartnerApproval(PARTNER_NOTE);
    await page.waitForSelector("[data-testid=recap-panel][data-status=agreed]");
    expect(await recap.statusLabel()).toBe("Agreed");
    await expect.poll(() => recap.isSendEnabled()).toBe(true);
    expect(received).toHaveLength(0);

    // Send.
    await recap.send();
    expect(await recap.statusLabel()).toBe("Sent");
    const sendsText = await recap.sendsText();
    for (const email of buyerEmails) expect(sendsText.toLowerCase()).toContain(email);
    expect(await recap.errorText()).toBeNull();

    // Exactly one message reached the SMTP server, addressed to the call's buyer participants.
    await expect.poll(() => received.length).toBe(1);
    const msg = received[0]!;
    for (const email of buyerEmails) expect(msg.rcpt).toContain(email);
    const parsed = await simpleParser(msg.raw);
    const toAddresses = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase())).sort();
    expect(toAddresses).toEqual(buyerEmails);

    // The text carries the shared lines; the internal line appears nowhere in the message (raw or decoded).
    const text = parsed.text ?? "";
    const html = typeof parsed.html === "string" ? parsed.html : "";
    expect(sharedLines.some((l) => text.includes(l.text.trim())), `the email text contains a line of the recap:\n${text}`).toBe(true);
    const internalText = internalLine.text.trim();
    const raw = msg.raw.toString("utf8");
    const rawControl = sharedLines.filter((l) => rawSafe(l.text)).map((l) => l.text.trim());
    expect(rawControl.some((t) => raw.includes(t)), "a shared plain-ASCII line is readable in the raw message").toBe(true);
    expect(raw).not.toContain(internalText);
    expect(text).not.toContain(internalText);
    expect(html).not.toContain(internalText);

    // The sent state survives a reload.
    await page.reload();
    await page.waitForSelector("[data-testid=recap-panel][data-status=sent]");
    expect(await recap.sendsText()).toBe(sendsText);
    expect(received).toHaveLength(1);
    expect(pageErrors).toEqual([]);

    // Buyer link on the agreed recap: create one (7 days), see it with its expiry, open it as the buyer, revoke it.
    const links = page.locator("[data-testid=recap-buyer-links]");
    await links.scrollIntoViewIfNeeded();
    await links.locator("[data-testid=buyer-link-days]").selectOption("7");
    await links.locator("[data-testid=buyer-link-create]").click();
    const url = await links.locator("[data-testid=buyer-link-url]").inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/share/[\\w-]+\\.[\\w-]+$`));
    expect(await links.locator("[data-testid=buyer-link-expiry]").innerText()).toMatch(/^Expires /);
    await expect.poll(() => links.locator("[data-testid=buyer-link-row][data-status=active]").count()).toBe(1);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await links.locator("[data-testid=buyer-link-copy]").click();
    await expect.poll(() => links.locator("[data-testid=buyer-link-copy]").innerText()).toBe("Copied");
    await page.screenshot({ path: `${process.cwd()}/.tmp/h10-buyer-link.png`, fullPage: false });
    const buyer = await page.context().browser()!.newContext();
    try {
      const view = await buyer.newPage();
      await view.goto(url);
      await view.waitForSelector("[data-testid=share-recap]");
      const body = await view.locator("body").innerText();
      expect(body).not.toContain(internalText);
      await links.locator("[data-testid=buyer-link-revoke]").click();
      await expect.poll(() => links.locator("[data-testid=buyer-link-row][data-status=revoked]").count()).toBe(1);
      await view.goto(url);
      await view.waitForSelector("[data-testid=share-invalid]");
    } finally {
      await buyer.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
