// Browser journey for ingest under a hold-for-consent policy: upload a call through the deal page's upload control,
// see the "Held for consent" banner on its transcript, record each speaker's consent, see the call released.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "../src/server/demo.ts";
import { CHROMIUM_PATH, hasChromium, ROOT, startDemoSession, type DemoSession } from "./pages/browser.ts";
import { DealsPage } from "./pages/deals-page.ts";
import { LoginPage } from "./pages/login-page.ts";

if (!hasChromium) console.warn(`[e2e] skipping the ingest journey: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);

const FIXTURE = join(ROOT, "test", "fixtures", "ingest", "held-for-consent.vtt");
interface ApiConversation { id: string; title: string; heldForConsent: boolean }
interface ApiPerson { id: string; name: string; side: string | null }
interface ApiSpeaker { label: string; consent: string }

describe.skipIf(!hasChromium)(`ingest journey in Chromium (${CHROMIUM_PATH})`, () => {
  let session: DemoSession;
  let server: DemoSession["server"];
  let page: DemoSession["page"];
  let csrf = "";

  beforeAll(async () => {
    session = await startDemoSession({ name: "ingest", viewport: { width: 1280, height: 900 } });
    ({ server, page } = session);
  });
  afterAll(async () => { await session?.close(); });

  async function api<T>(method: string, path: string, data?: unknown): Promise<T> {
    const res = await page.request.fetch(`${server.url}${path}`, { method, ...(data !== undefined ? { data } : {}), headers: csrf && method !== "GET" ? { "x-csrf-token": csrf } : {} });
    expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  }

  it("holds an uploaded call until every speaker's consent is recorded, then releases it", async () => {
    const login = new LoginPage(page, server.url);
    await login.open();
    await login.signIn(DEMO_LOGIN.email, DEMO_LOGIN.password);
    await page.waitForURL(/\/deals(\?|$)/);
    await new DealsPage(page, server.url).waitForList();
    csrf = (await api<{ csrfToken: string }>("GET", "/api/auth/me")).csrfToken;

    // The workspace policy: hold a call with any speaker whose consent is unknown.
    // (The answer shows the policy now in force; the upload below being held is what proves it acts.)
    expect((await api<{ settings: { requireConsent: boolean } }>("PATCH", "/api/workspace", { requireConsent: true })).settings).toEqual({ requireConsent: true });

    const deal = (await api<{ deals: { id: string; name: string }[] }>("GET", "/api/deals")).deals[0]!;
    const detail = await api<{ conversations: ApiConversation[]; people: ApiPerson[] }>("GET", `/api/deals/${deal.id}`);
    const before = new Set(detail.conversations.map((c) => c.id));
    // Speakers must be people of the deal: one of ours and one of the buyer's.
    const ours = detail.people.find((p) => p.side === "ours")!.name;
    const buyer = detail.people.find((p) => p.side === "buyer")!.name;
    const vtt = readFileSync(FIXTURE, "utf8").replaceAll("{{OURS}}", ours).replaceAll("{{BUYER}}", buyer);

    // Upload through the deal page's control.
    await page.goto(`${server.url}/deals/${deal.id}`);
    await page.getByRole("button", { name: "Upload transcript" }).click();
    const drop = page.locator("[data-testid=upload-transcript]");
    await drop.locator("input[type=file]").setInputFiles({ name: "warehouse-rollout.vtt", mimeType: "text/vtt", buffer: Buffer.from(vtt) });
    const uploaded = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/api/") && r.url().includes(deal.id));
    await drop.getByRole("button", { name: "Upload", exact: true }).click();
    const res = await uploaded;
    expect(res.status(), await res.text()).toBeLessThan(300);

    const added = (await api<{ conversations: ApiConversation[] }>("GET", `/api/deals/${deal.id}`)).conversations.filter((c) => !before.has(c.id));
    expect(added).toHaveLength(1);
    const conv = added[0]!;
    expect((await api<{ conversation: ApiConversation }>("GET", `/api/conversations/${conv.id}`)).conversation.heldForConsent).toBe(true);

    // The deal's timeline marks it held (after the upload the page shows the new call).
    const entry = page.locator("[data-testid=timeline] .timeline-item", { hasText: conv.title }).first();
    await entry.locator("[data-testid=timeline-held]").waitFor();
    await entry.screenshot({ path: `${ROOT}.tmp/timeline-held-for-consent.png` });

    // Its transcript: the banner, one control per speaker whose consent is unknown, no items yet.
    await entry.locator(".timeline-title").click();
    await page.waitForSelector("[data-testid=conversation-header]");
    const banner = page.locator("[data-testid=consent-banner]");
    await banner.waitFor();
    expect(await banner.innerText()).toContain("Held for consent.");
    const { speakers } = await api<{ speakers: ApiSpeaker[] }>("GET", `/api/conversations/${conv.id}/speakers`);
    expect(speakers.map((s) => s.consent)).toEqual(speakers.map(() => "unknown"));
    expect(speakers.length).toBe(2);
    const controls = banner.locator("[data-testid=consent-control]");
    await expect.poll(() => controls.count()).toBe(speakers.length);
    expect((await controls.locator(".consent-who").allInnerTexts()).map((s) => s.trim()).sort()).toEqual([buyer, ours].sort());
    // Held: nothing extracted from it.
    const commitment = page.locator("[data-testid=item]", { hasText: "pilot scoping document" });
    expect(await commitment.count()).toBe(0);
    // … and no recap can be drafted from it yet: the panel says why instead of offering the button.
    await page.locator("[data-testid=recap-held]").waitFor();
    expect(await page.locator("[data-testid=recap-draft]").count()).toBe(0);
    await page.screenshot({ path: `${ROOT}.tmp/conversation-held-for-consent.png`, fullPage: true });

    // Record consent speaker by speaker: still held after the first, released after the last.
    const first = controls.filter({ hasText: ours });
    await first.locator("input").fill("Agreed at the start of the call");
    await first.getByRole("button", { name: "Granted" }).click();
    await expect.poll(() => controls.count()).toBe(1);
    expect((await api<{ conversation: ApiConversation }>("GET", `/api/conversations/${conv.id}`)).conversation.heldForConsent).toBe(true);
    await banner.waitFor();

    await controls.filter({ hasText: buyer }).getByRole("button", { name: "Granted" }).click();
    await banner.waitFor({ state: "detached" });
    expect((await api<{ conversation: ApiConversation }>("GET", `/api/conversations/${conv.id}`)).conversation.heldForConsent).toBe(false);
    const after = (await api<{ speakers: ApiSpeaker[] }>("GET", `/api/conversations/${conv.id}/speakers`)).speakers;
    expect(after.map((s) => s.consent)).toEqual(after.map(() => "granted"));
    // Released: the banner stays gone after a reload, and the call's commitment has been extracted.
    await page.reload();
    await page.waitForSelector("[data-testid=transcript] .utterance");
    expect(await page.locator("[data-testid=consent-banner]").count()).toBe(0);
    await expect.poll(async () => { if (!(await commitment.count())) await page.reload(); return commitment.count(); }, { timeout: 20_000 }).toBe(1);
    await page.locator("[data-testid=recap-draft]").waitFor();
    expect(await page.locator("[data-testid=recap-held]").count()).toBe(0);
    await page.screenshot({ path: `${ROOT}.tmp/conversation-consent-released.png`, fullPage: true });
    expect(session.pageErrors).toEqual([]);
  });
});
