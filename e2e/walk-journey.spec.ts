// Browser journey for the weekly ledger walk (/walk) and the buyer follow-up draft of an agreed recap.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "../src/server/demo.ts";
import { CHROMIUM_PATH, hasChromium, startDemoSession, type DemoSession } from "./pages/browser.ts";
import { LoginPage } from "./pages/login-page.ts";

interface WalkCounts { open: number; overdue: number; dueThisWeek: number; doneSinceLastWalk: number; newRisks: number }
interface ApiWalk { walk: { week: string; monday: string; counts: WalkCounts; overdue: { itemId: string; link: string }[] } }

describe.skipIf(!hasChromium)(`walk journey in Chromium (${CHROMIUM_PATH})`, () => {
  let session: DemoSession;
  let server: DemoSession["server"];
  let context: DemoSession["context"];
  let page: DemoSession["page"];
  let csrf = "";
  let pageErrors: string[] = [];

  beforeAll(async () => {
    session = await startDemoSession({ name: "walk" });
    ({ server, context, page, pageErrors } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  const api = async <T>(method: string, path: string, data?: unknown): Promise<T> => {
    const res = await page.request.fetch(`${server.url}${path}`, { method, data, headers: csrf ? { "x-csrf-token": csrf } : {} });
    expect(res.status(), `${method} ${path}`).toBe(200);
    return (await res.json()) as T;
  };

  it("signs in and finds the weekly walk in the top bar, which asks what to walk", async () => {
    const login = new LoginPage(page, server.url);
    await login.open();
    await login.signIn(DEMO_LOGIN.email, DEMO_LOGIN.password);
    await page.waitForURL(/\/deals(\?|$)/);
    csrf = (await api<{ csrfToken: string }>("GET", "/api/auth/me")).csrfToken;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Weekly walk" }).click();
    await page.waitForURL(/\/walk$/);
    await expect.poll(() => page.getByText("Pick what to walk").isVisible()).toBe(true);
  });

  it("walks the demo deal: counts and sections match the API, evidence links to the transcript", async () => {
    const { deals } = await api<{ deals: { id: string; name: string }[] }>("GET", "/api/deals");
    const deal = deals[0]!;
    await page.locator("[data-testid=walk-scope]").selectOption(`deal:${deal.id}`);
    await page.waitForURL(new RegExp(`/walk\\?deal=${deal.id}`));
    await page.locator("[data-testid=walk-summary]").waitFor();
    const { walk } = await api<ApiWalk>("GET", `/api/ledger/walk?deal=${deal.id}`);
    const count = (id: string) => page.locator(`[data-testid=walk-count-${id}]`).innerText();
    expect(await count("overdue")).toBe(String(walk.counts.overdue));
    expect(await count("due")).toBe(String(walk.counts.dueThisWeek));
    expect(await count("open")).toBe(String(walk.counts.open));
    expect(await count("done")).toBe(String(walk.counts.doneSinceLastWalk));
    expect(await count("risks")).toBe(String(walk.counts.newRisks));
    expect(await page.locator("[data-testid=walk-week]").innerText()).toContain(walk.week);
    if (walk.overdue[0]) {
      const href = await page.locator("[data-testid=walk-section-overdue] .evidence-link").first().getAttribute("href");
      expect(href).toBe(walk.overdue[0].link);
      expect(href).toMatch(/^\/conversations\/.+#seq-\d+$/);
    }
  });

  it("goes back a week and returns, then holds the walk", async () => {
    const before = await page.locator("[data-testid=walk-week]").innerText();
    await page.locator("[data-testid=walk-prev]").click();
    await page.waitForURL(/week=\d{4}-W\d{2}/);
    await expect.poll(() => page.locator("[data-testid=walk-week]").innerText()).not.toBe(before);
    await page.locator("[data-testid=walk-next]").click();
    await expect.poll(() => page.locator("[data-testid=walk-week]").innerText()).toBe(before);
    await page.locator("[data-testid=walk-hold]").click();
    await expect.poll(() => page.locator(".alert-success").innerText()).toContain("Walk held");
  });

  it("shows the buyer follow-up once the recap is agreed, with a working Copy button", async () => {
    const { deals } = await api<{ deals: { id: string }[] }>("GET", "/api/deals");
    const detail = await api<{ conversations: { id: string; kind: string }[] }>("GET", `/api/deals/${deals[0]!.id}`);
    const call = detail.conversations.find((c) => c.kind === "call") ?? detail.conversations[0]!;
    const { recap } = await api<{ recap: { id: string; version: number } }>("POST", `/api/conversations/${call.id}/recap`, {});
    await page.goto(`${server.url}/conversations/${call.id}`);
    await page.locator("[data-testid=recap-panel]").waitFor();
    expect(await page.locator("[data-testid=recap-follow-up]").count()).toBe(0);

    await api("POST", `/api/recaps/${recap.id}/approve`, { side: "ours", version: recap.version });
    await api("POST", `/api/recaps/${recap.id}/approve`, { side: "partner", note: "Approved by email", version: recap.version });
    const { followUp } = await api<{ followUp: { subject: string; text: string } }>("GET", `/api/recaps/${recap.id}/follow-up`);
    await page.reload();
    await page.locator("[data-testid=follow-up-text]").waitFor();
    expect(await page.locator("[data-testid=follow-up-subject]").innerText()).toBe(followUp.subject);
    expect(await page.locator("[data-testid=follow-up-text]").innerText()).toBe(followUp.text.trimEnd());
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await page.locator("[data-testid=follow-up-copy]").click();
    await expect.poll(() => page.locator("[data-testid=follow-up-copy]").innerText()).toBe("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(followUp.text);
    expect(pageErrors).toEqual([]);
  });
});
