// Browser journey for partner activation (issue #6): the visx charts on /partners and /partners/activation,
// the partner runway screen (create, edit, huddles .ics, first win alongside) and the deal's handoff panel
// (the demo deal's intro.eml gives it a brief at import; escalations show their email and Slack delivery).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "../src/server/demo.ts";
import { CHROMIUM_PATH, hasChromium, ROOT, startDemoSession, type DemoSession } from "./pages/browser.ts";
import { LoginPage } from "./pages/login-page.ts";

const SHOTS = join(ROOT, ".tmp");

describe.skipIf(!hasChromium)(`partner activation journey in Chromium (${CHROMIUM_PATH})`, () => {
  let session: DemoSession;
  let page: DemoSession["page"];
  let url = "";
  let partnerId = "";
  let dealId = "";

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    session = await startDemoSession({ name: "partners", viewport: { width: 1360, height: 900 } });
    ({ page } = session);
    url = session.server.url;
    const login = new LoginPage(page, url);
    await login.open();
    await login.signIn(DEMO_LOGIN.email, DEMO_LOGIN.password);
    await page.waitForURL(/\/deals(\?|$)/);
    const deals = (await (await page.request.get(`${url}/api/deals`)).json()) as { deals: Array<{ id: string; partners: Array<{ id: string }> }> };
    dealId = deals.deals[0]!.id;
    partnerId = deals.deals[0]!.partners[0]!.id;
  });
  afterAll(async () => { await session?.close(); });

  it("draws partner revenue with the chart library, one bar group per partner", async () => {
    await page.goto(`${url}/partners?period=2026`);
    const chart = page.getByRole("img", { name: /Pipeline started in 2026/ });
    await chart.waitFor();
    expect(await page.locator(`[data-testid=bar-${partnerId}] rect`).count()).toBeGreaterThanOrEqual(3);
    expect(await chart.locator(".visx-axis-tick").count()).toBeGreaterThan(0); // the axis comes from @visx/axis
    await page.screenshot({ path: join(SHOTS, "h7-partners-charts.png"), fullPage: true });
  });

  it("draws the activation funnel, where each partner stalls, and sourced pipeline per month", async () => {
    await page.goto(`${url}/partners/activation`);
    await page.getByRole("img", { name: "Activation funnel" }).waitFor();
    expect(await page.locator("[data-testid=funnel-onboarded]").count()).toBe(1);
    const stall = page.getByRole("img", { name: "Where each partner stalls" });
    expect(await stall.locator(`[data-testid=stall-${partnerId}] rect[data-stall=true]`).count()).toBeLessThanOrEqual(1);
    const activation = (await (await page.request.get(`${url}/api/partners/activation`)).json()) as { activation: { partners: Array<{ partner: { id: string }; stalledAt: string | null }> } };
    const mine = activation.activation.partners.find((p) => p.partner.id === partnerId)!;
    expect(await stall.locator(`[data-testid=stall-${partnerId}] rect[data-stall=true]`).count()).toBe(mine.stalledAt ? 1 : 0);
    await page.screenshot({ path: join(SHOTS, "h7-activation-charts.png"), fullPage: true });
  });

  it("opens the runway from the activation row, creates it, edits it and offers the huddles as .ics", async () => {
    await page.locator(`[data-testid=runway-link-${partnerId}]`).click();
    await page.waitForURL(new RegExp(`/partners/${partnerId}/runway$`));
    await page.locator("[data-testid=runway-create]").click();
    await page.locator("[data-testid=runway]").waitFor();
    expect(await page.locator("[data-testid=runway-questions] li").count()).toBeGreaterThan(0);
    expect(await page.locator("[data-testid=runway-huddles] li").count()).toBe(4);
    await page.locator("[data-testid=runway-first-win]").getByText(/30-day clock|No onboarding date/).waitFor();

    await page.locator("[data-testid=runway-edit]").click();
    await page.getByLabel("Talk track").fill("Bring us in on the first call when a client asks about forecasting.");
    await page.getByLabel("Huddle weekday").selectOption("TH");
    await page.screenshot({ path: join(SHOTS, "h7-runway-edit.png"), fullPage: true });
    await page.locator("[data-testid=runway-save]").click();
    await page.locator("[data-testid=runway-talk-track]").getByText("Bring us in on the first call").waitFor();
    expect(await page.locator("[data-testid=runway-huddles]").innerText()).toMatch(/Thursdays/);
    const stored = (await (await page.request.get(`${url}/api/partners/${partnerId}/runway`)).json()) as { runway: { play: { talkTrack: string }; huddles: { weekday: string } } };
    expect(stored.runway).toMatchObject({ play: { talkTrack: "Bring us in on the first call when a client asks about forecasting." }, huddles: { weekday: "TH" } });

    const href = await page.locator("[data-testid=runway-ics]").getAttribute("href");
    const ics = await page.request.get(`${url}${href}`);
    expect(ics.status()).toBe(200);
    expect(await ics.text()).toMatch(/RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=4/);
    await page.screenshot({ path: join(SHOTS, "h7-runway.png"), fullPage: true });
  });

  it("shows the demo deal's handoff brief, made from intro.eml at import", async () => {
    await page.goto(`${url}/deals/${dealId}`);
    const panel = page.locator("[data-testid=brief-panel]");
    await panel.waitFor();
    expect(await panel.locator("[data-testid='brief-buyerCompany']").innerText()).not.toMatch(/Not found/);
    await panel.screenshot({ path: join(SHOTS, "h7-brief-panel.png") });
  });

  it("lists each escalation with its email and Slack delivery state", async () => {
    // The demo's intro is historical (no escalation ran): the view is given two recorded escalations.
    await page.route("**/api/deals/*/handoff", async (route) => {
      const res = await route.fetch();
      const body = await res.json() as { handoff: Record<string, unknown> };
      body.handoff.escalations = [
        { level: 1, recipients: ["ben@example.com"], subject: "s", delivery: "sent", note: null, at: "2026-04-28T15:00:00Z", email: { state: "sent", detail: "ben@example.com" }, slack: { state: "sent", detail: null } },
        { level: 2, recipients: [], subject: "s", delivery: "not_sent", note: "not sent: no SMTP configured", at: "2026-04-29T11:00:00Z", email: { state: "not_sent", detail: "not sent: no SMTP configured" }, slack: { state: "failed", detail: "Slack webhook answered 500: internal_error" } },
      ];
      await route.fulfill({ response: res, json: body });
    });
    await page.reload();
    const list = page.locator("[data-testid=handoff-escalations]");
    await list.waitFor();
    expect(await list.locator("[data-testid=escalation-1] [data-testid=escalation-slack]").innerText()).toMatch(/sent/);
    expect(await list.locator("[data-testid=escalation-2] [data-testid=escalation-email]").innerText()).toMatch(/not configured/);
    expect(await list.locator("[data-testid=escalation-2] [data-testid=escalation-slack]").innerText()).toMatch(/failed.*internal_error/s);
    await page.locator("[data-testid=ttfa-clock]").screenshot({ path: join(SHOTS, "h7-escalations.png") });
    await page.unroute("**/api/deals/*/handoff");
    expect(session.pageErrors).toEqual([]);
  });
});
