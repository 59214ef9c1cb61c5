// Browser journey over the demo workspace: sign in, open the demo deal, open a transcript, follow an evidence anchor,
// review items (dismiss with undo, confirm) and find the decisions still there after a reload.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "../src/server/demo.ts";
import { CHROMIUM_PATH, hasChromium, startDemoSession, type DemoSession } from "./pages/browser.ts";
import { ConversationPage } from "./pages/conversation-page.ts";
import { DealPage, type SideName } from "./pages/deal-page.ts";
import { DealsPage } from "./pages/deals-page.ts";
import { LoginPage } from "./pages/login-page.ts";

if (!hasChromium) console.warn(`[e2e] skipping the demo journey: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);

interface ApiDeal { id: string; name: string }
interface ApiDealDetail {
  deal: ApiDeal;
  people: { name: string; side: SideName | null }[];
  conversations: { id: string; kind: string; title: string; utteranceCount: number }[];
}
interface ApiConversation { utterances: { seq: number; text: string; speakerName: string | null; speakerLabel: string | null }[] }

describe.skipIf(!hasChromium)(`demo journey in Chromium (${CHROMIUM_PATH})`, () => {
  let session: DemoSession;
  let server: DemoSession["server"];
  let context: DemoSession["context"];
  let page: DemoSession["page"];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    session = await startDemoSession({ name: "demo" });
    ({ server, context, page, pageErrors } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  const api = async <T>(path: string): Promise<T> => {
    const res = await page.request.get(`${server.url}${path}`);
    expect(res.status(), `GET ${path}`).toBe(200);
    return (await res.json()) as T;
  };

  it("sends a signed-out visitor to the sign-in page and shows the API's error for a wrong password", async () => {
    await page.goto(`${server.url}/deals`);
    await page.waitForURL(/\/login/);
    const login = new LoginPage(page, server.url);
    await expect.poll(() => login.heading().isVisible()).toBe(true);
    await login.signIn(DEMO_LOGIN.email, `${DEMO_LOGIN.password}-wrong`);
    expect((await login.errorText()).length).toBeGreaterThan(0);
    expect(page.url()).toMatch(/\/login/);
  });

  it("signs in with the demo login and lists the demo deal", async () => {
    const login = new LoginPage(page, server.url);
    await login.open();
    await login.signIn(DEMO_LOGIN.email, DEMO_LOGIN.password);
    await page.waitForURL(/\/deals(\?|$)/);
    const deals = new DealsPage(page, server.url);
    await deals.waitForList();
    const { deals: apiDeals } = await api<{ deals: ApiDeal[] }>("/api/deals");
    expect(apiDeals.length).toBeGreaterThan(0);
    expect(await deals.dealNames()).toEqual(apiDeals.map((d) => d.name));
    expect((await deals.signedInUser().innerText()).trim().length).toBeGreaterThan(0);
    await expect.poll(() => page.getByText("Baton", { exact: true }).first().isVisible()).toBe(true);
  });

  it("opens the deal: header, people on each side, and the conversation timeline", async () => {
    const { deals: apiDeals } = await api<{ deals: ApiDeal[] }>("/api/deals");
    const target = apiDeals[0]!;
    const detail = await api<ApiDealDetail>(`/api/deals/${target.id}`);

    await new DealsPage(page, server.url).openDeal(target.name);
    expect(page.url()).toContain(`/deals/${target.id}`);
    const deal = new DealPage(page);
    expect(await deal.title()).toBe(target.name);
    for (const side of ["ours", "partner", "buyer"] as const) {
      const expected = detail.people.filter((p) => p.side === side).map((p) => p.name).sort();
      expect((await deal.peopleOn(side)).sort(), `${side} column`).toEqual(expected);
    }
    expect(detail.conversations.length).toBeGreaterThan(0);
    expect((await deal.conversationTitles()).sort()).toEqual(detail.conversations.map((c) => c.title).sort());
    expect(await deal.itemsArea().getByText("Commitments & items").isVisible()).toBe(true);
  });

  it("opens a transcript with every utterance and side-coloured speakers", async () => {
    const { deals: apiDeals } = await api<{ deals: ApiDeal[] }>("/api/deals");
    const detail = await api<ApiDealDetail>(`/api/deals/${apiDeals[0]!.id}`);
    const call = detail.conversations.find((c) => c.kind === "call" && c.utteranceCount > 2) ?? detail.conversations[0]!;
    const convApi = await api<ApiConversation>(`/api/conversations/${call.id}`);

    await new DealPage(page).openConversation(call.title);
    const conv = new ConversationPage(page, server.url);
    await page.waitForSelector("[data-testid=transcript] .utterance");
    expect(await conv.title()).toBe(call.title);
    expect(await conv.utteranceCount()).toBe(convApi.utterances.length);
    const first = convApi.utterances[0]!;
    expect(await conv.utteranceText(first.seq)).toBe(first.text.trim());
    const firstSpeaker = first.speakerName ?? first.speakerLabel;
    if (firstSpeaker) expect(await conv.speakerNames()).toContain(firstSpeaker);
  });

  it("scrolls to and highlights the utterance an evidence link points at (#seq-N)", async () => {
    const { deals: apiDeals } = await api<{ deals: ApiDeal[] }>("/api/deals");
    const detail = await api<ApiDealDetail>(`/api/deals/${apiDeals[0]!.id}`);
    const call = [...detail.conversations].sort((a, b) => b.utteranceCount - a.utteranceCount)[0]!;
    const convApi = await api<ApiConversation>(`/api/conversations/${call.id}`);
    const late = convApi.utterances[Math.floor(convApi.utterances.length * 0.8)]!;

    const conv = new ConversationPage(page, server.url);
    await conv.open(call.id, `#seq-${late.seq}`);
    await expect.poll(() => conv.targetSeq()).toBe(late.seq);
    await expect.poll(() => conv.isInViewport(late.seq), { timeout: 5000 }).toBe(true);
  });

  it("reviews items on the deal page: dismiss (with undo) and confirm survive a reload", async () => {
    const { deals: apiDeals } = await api<{ deals: ApiDeal[] }>("/api/deals");
    const dealId = apiDeals[0]!.id;
    await page.goto(`${server.url}/deals/${dealId}`);
    const deal = new DealPage(page);
    const [first, second] = await deal.itemIds();
    expect(first && second).toBeTruthy();

    await deal.dismissItem(first!);
    await deal.undoDismiss();
    expect(await deal.itemReview(first!)).toBe("proposed");
    await deal.dismissItem(first!);
    await deal.confirmItem(second!);

    await page.reload();
    await deal.itemIds();
    expect(await deal.itemReview(first!)).toBeNull();
    expect(await deal.itemReview(second!)).toBe("confirmed");
    const { items } = await api<{ items: { id: string; review: string }[] }>(`/api/deals/${dealId}/items?includeDismissed=true`);
    expect(items.find((i) => i.id === first)?.review).toBe("dismissed");
    expect(items.find((i) => i.id === second)?.review).toBe("confirmed");
  });

  it("signs out back to the sign-in page", async () => {
    const deals = new DealsPage(page, server.url);
    await deals.open();
    await deals.signOut();
    await page.goto(`${server.url}/deals`);
    await page.waitForURL(/\/login/);
    expect(pageErrors).toEqual([]);
  });
});
