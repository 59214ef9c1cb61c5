// Browser journey for partner access (issue #9): our side marks transcript lines internal, drafts a recap with an
// internal line and invites a partner user, who accepts in a second browser; the demo partner user then sees exactly
// the deals shared with their organisation, none of the internal lines, and approves the recap for the partner side.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN, DEMO_PARTNER_LOGIN } from "../src/server/demo.ts";
import { AccessPage } from "./pages/access-page.ts";
import { CHROMIUM_PATH, hasChromium, startDemoSession, type DemoSession } from "./pages/browser.ts";
import { ConversationPage } from "./pages/conversation-page.ts";
import { DealPage } from "./pages/deal-page.ts";
import { DealsPage } from "./pages/deals-page.ts";
import { InvitePage } from "./pages/invite-page.ts";
import { LoginPage } from "./pages/login-page.ts";
import { RecapPanel } from "./pages/recap-panel.ts";
import { TopBar } from "./pages/top-bar.ts";

if (!hasChromium) console.warn(`[e2e] skipping the partner journey: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);

const INTERNAL_LABEL = "Internal — never shared";
const INVITEE = { email: "casey.invited@partner.example", name: "Casey Invited", password: "casey-pass-2026!" };

type Page = DemoSession["page"];

/** API errors a page ran into (a partner's screen must call no endpoint it is not allowed to). */
function watchApiErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("response", (r) => {
    const path = new URL(r.url()).pathname;
    if (!path.startsWith("/api/") || r.status() < 400) return;
    if (path === "/api/auth/me" && r.status() === 401) return; // before signing in
    errors.push(`${r.status()} ${r.request().method()} ${path}`);
  });
  return errors;
}

describe.skipIf(!hasChromium)(`partner journey in Chromium (${CHROMIUM_PATH})`, () => {
  let session: DemoSession;
  let savedSmtpUrl: string | undefined;
  // What the database says, read before the screens are checked against it.
  let partnerOrg: { id: string; name: string };
  let sharedDealNames: string[];
  let target: { dealId: string; dealName: string; callId: string; callTitle: string };
  let internalTexts: string[] = [];
  let internalRecapLine = "";
  let internalItemId = "";

  beforeAll(async () => {
    // No outgoing mail: the invitation is created with emailed=false and its link is shown to copy.
    savedSmtpUrl = process.env.BATON_SMTP_URL;
    delete process.env.BATON_SMTP_URL;
    session = await startDemoSession({ name: "partner", viewport: { width: 1280, height: 900 } });
    const db = session.server.deps.db;
    const user = (await sql<{ partner_org_id: string | null; role: string }>`SELECT partner_org_id, role FROM users WHERE email = ${DEMO_PARTNER_LOGIN.email}`.execute(db)).rows[0];
    expect(user?.role, "the demo seeds a partner user").toBe("partner");
    const org = (await sql<{ id: string; name: string }>`SELECT id, name FROM organisations WHERE id = ${user!.partner_org_id}`.execute(db)).rows[0]!;
    partnerOrg = org;
    sharedDealNames = (await sql<{ name: string }>`SELECT d.name FROM deals d JOIN deal_partners dp ON dp.deal_id = d.id WHERE dp.org_id = ${org.id} ORDER BY d.name`.execute(db)).rows.map((r) => r.name);
    expect(sharedDealNames.length, "the demo shares at least one deal with the partner").toBeGreaterThan(0);
    const call = (await sql<{ deal_id: string; deal_name: string; id: string; title: string }>`
      SELECT c.deal_id, d.name AS deal_name, c.id, c.title FROM conversations c JOIN deals d ON d.id = c.deal_id
      JOIN deal_partners dp ON dp.deal_id = d.id AND dp.org_id = ${org.id}
      WHERE c.kind = 'call' AND c.is_internal = false ORDER BY c.started_at LIMIT 1`.execute(db)).rows[0]!;
    target = { dealId: call.deal_id, dealName: call.deal_name, callId: call.id, callTitle: call.title };
  });

  afterAll(async () => {
    await session?.close();
    if (savedSmtpUrl === undefined) delete process.env.BATON_SMTP_URL;
    else process.env.BATON_SMTP_URL = savedSmtpUrl;
  });

  it("our side marks two lines internal, drafts the recap, and invites a partner user who accepts in a second browser", async () => {
    const { page, server } = session;
    const db = server.deps.db;
    const errors = watchApiErrors(page);
    const login = new LoginPage(page, server.url);
    await login.open();
    await login.signIn(DEMO_LOGIN.email, DEMO_LOGIN.password);
    await page.waitForURL(/\/deals(\?|$)/);
    expect(await new TopBar(page).navLinks()).toContain("Settings");
    expect(await new TopBar(page).partnerBadge()).toBeNull();

    // Open the call from the deal page.
    const deals = new DealsPage(page, server.url);
    await deals.waitForList();
    await deals.openDeal(target.dealName);
    const dealPage = new DealPage(page);

    // Keep one item internal (the last listed, so it is not one the transcript range below marks anyway).
    const itemIds = await dealPage.itemIds();
    internalItemId = itemIds[itemIds.length - 1]!;
    await dealPage.markItemInternal(internalItemId);
    expect(await dealPage.item(internalItemId).locator("[data-testid=item-internal-badge]").innerText()).toBe(INTERNAL_LABEL);
    const item = (await sql<{ is_internal: boolean }>`SELECT is_internal FROM items WHERE id = ${internalItemId}`.execute(db)).rows[0];
    expect(item?.is_internal).toBe(true);

    await dealPage.openConversation(target.callTitle);
    const conversation = new ConversationPage(page, server.url);
    await page.waitForSelector("[data-testid=transcript] .utterance");

    // Two neighbouring lines whose words occur nowhere else in the call: their absence later means something.
    const all = await conversation.utterances();
    expect(all.every((u) => !u.isInternal)).toBe(true);
    const distinctive = (i: number) => all[i]!.text.length >= 20 && !all.some((o, j) => j !== i && (o.text.includes(all[i]!.text) || all[i]!.text.includes(o.text)));
    const start = all.findIndex((_, i) => i >= 2 && i + 1 < all.length && distinctive(i) && distinctive(i + 1));
    expect(start, "two distinctive neighbouring lines").toBeGreaterThan(0);
    const [from, to] = [all[start]!, all[start + 1]!];
    await conversation.markInternal(from.seq, to.seq);
    const marked = (await conversation.utterances()).filter((u) => u.isInternal).map((u) => u.seq);
    expect(marked).toEqual([from.seq, to.seq]);
    expect(await conversation.internalMarkers()).toEqual([INTERNAL_LABEL, INTERNAL_LABEL]);
    const stored = (await sql<{ seq: number }>`SELECT seq FROM utterances WHERE conversation_id = ${target.callId} AND is_internal ORDER BY seq`.execute(db)).rows.map((r) => r.seq);
    expect(stored).toEqual([from.seq, to.seq]);
    internalTexts = [from.text, to.text];
    // Still marked after a reload.
    await page.reload();
    await page.waitForSelector(`#seq-${to.seq}[data-internal=true]`);

    // Draft the call's recap and keep one line internal.
    const recap = new RecapPanel(page);
    await recap.section().scrollIntoViewIfNeeded();
    await recap.waitLoaded();
    await recap.draft();
    const lines = (await recap.lines()).filter((l) => l.text.trim().length >= 12);
    const line = lines.find((l) => !lines.some((o) => o.id !== l.id && (o.text.includes(l.text.trim()) || l.text.includes(o.text.trim()))));
    expect(line, "a recap line to keep internal").toBeTruthy();
    await recap.markInternalAndSave(line!.id);
    internalRecapLine = line!.text.trim();

    // Invite a partner user: no mail server, so the page shows the link to pass on.
    const access = new AccessPage(page, server.url);
    await access.open();
    expect(await access.partnerOptions()).toContain(partnerOrg.name);
    const created = await access.invite({ email: INVITEE.email, name: INVITEE.name, partner: partnerOrg.name });
    expect(created.emailed).toBe(false);
    expect(created.acceptUrl).toMatch(/\/invite\/[^/]+$/);
    expect(await access.invitationStatus(INVITEE.email)).toBe("pending");

    // The invitee accepts in a second browser (no shared cookies) and lands on the partner's shared deals.
    const other = await page.context().browser()!.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const invitee = await other.newPage();
      const inviteeErrors = watchApiErrors(invitee);
      const invite = new InvitePage(invitee);
      await invite.open(new URL(new URL(created.acceptUrl!).pathname, server.url).toString());
      expect(await invite.heading()).toContain(partnerOrg.name);
      expect(await invite.email()).toBe(INVITEE.email);
      // Who invited them: our signed-in admin's name.
      const adminName = (await sql<{ name: string }>`SELECT name FROM users WHERE email = ${DEMO_LOGIN.email}`.execute(db)).rows[0]!.name;
      expect(await invite.summary()).toContain(`${adminName} invited you`);
      await invite.accept(INVITEE.name, INVITEE.password);
      const bar = new TopBar(invitee);
      expect(await bar.signedInUser()).toBe(INVITEE.name);
      // The badge names the organisation once the shared deals are loaded (it reads "partner" until then).
      await expect.poll(() => bar.partnerBadge()).toBe(`Partner view · ${partnerOrg.name}`);
      const inviteeDeals = new DealsPage(invitee, server.url);
      await inviteeDeals.waitForList();
      expect((await inviteeDeals.dealNames()).sort()).toEqual(sharedDealNames);
      // The link is spent.
      await invite.open(new URL(new URL(created.acceptUrl!).pathname, server.url).toString());
      expect(await invite.problem()).toBeTruthy();
      expect(inviteeErrors.filter((e) => !e.includes("/api/auth/invitations/"))).toEqual([]);
    } finally {
      await other.close();
    }
    await access.open();
    expect(await access.invitationStatus(INVITEE.email)).toBe("accepted");
    expect(await access.userEmails()).toContain(INVITEE.email);
    expect(errors).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });

  it("the demo partner sees exactly the shared deals, none of the internal lines, and approves the recap for the partner side", async () => {
    expect(internalTexts, "the first journey marked lines internal").toHaveLength(2);
    const { server } = session;
    const context = await session.page.context().browser()!.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(e.message));
      const errors = watchApiErrors(page);
      const login = new LoginPage(page, server.url);
      await login.open();
      await login.signIn(DEMO_PARTNER_LOGIN.email, DEMO_PARTNER_LOGIN.password);
      await page.waitForURL(/\/deals(\?|$)/);

      // The shell: shared deals only, and the partner-view badge with the organisation's name.
      const bar = new TopBar(page);
      expect(await bar.navLinks()).toEqual(["Shared deals", "Runway"]);
      expect(await bar.partnerBadge()).toBe(`Partner view · ${partnerOrg.name}`);
      const deals = new DealsPage(page, server.url);
      await deals.waitForList();
      expect((await deals.dealNames()).sort()).toEqual(sharedDealNames);
      expect(await page.getByRole("button", { name: "Import deal" }).count()).toBe(0);

      // The deal: read-only, no staff panels.
      await deals.openDeal(target.dealName);
      const deal = new DealPage(page);
      expect(await deal.title()).toBe(target.dealName);
      await page.waitForSelector("[data-testid=items-area] [data-testid=item], [data-testid=items-area] .state-empty");
      expect(await page.getByRole("button", { name: /Upload transcript/ }).count()).toBe(0);
      expect(await page.locator("[data-testid=brief-panel]").count()).toBe(0);
      expect(await page.locator("[data-testid=items-area] [data-action]").count()).toBe(0);
      const partnerItems = await deal.itemIds();
      expect(partnerItems.length).toBeGreaterThan(0);
      expect(partnerItems).not.toContain(internalItemId);

      // The call: the internal lines are not there, and nothing on the page says "Internal".
      await deal.openConversation(target.callTitle);
      const conversation = new ConversationPage(page, server.url);
      await page.waitForSelector("[data-testid=transcript] .utterance");
      const shown = await conversation.utterances();
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.filter((u) => u.isInternal)).toEqual([]);
      for (const text of internalTexts) expect(shown.map((u) => u.text)).not.toContain(text);
      expect(await conversation.internalMarkers()).toEqual([]);
      expect(await page.locator("[data-testid=utt-select]").count()).toBe(0);

      // Every other conversation of the deal with internal lines (the demo's deal-desk sidebar): only its shared lines show.
      const others = (await sql<{ id: string; text: string; is_internal: boolean }>`
        SELECT c.id, u.text, u.is_internal FROM utterances u JOIN conversations c ON c.id = u.conversation_id
        WHERE c.deal_id = ${target.dealId} AND c.id <> ${target.callId} AND c.is_internal = false
          AND c.id IN (SELECT conversation_id FROM utterances WHERE is_internal)`.execute(server.deps.db)).rows;
      for (const id of new Set(others.map((o) => o.id))) {
        await conversation.open(id);
        const texts = (await conversation.utterances()).map((u) => u.text);
        const rows = others.filter((o) => o.id === id);
        expect(texts.length, `conversation ${id} shows its shared lines`).toBe(rows.filter((o) => !o.is_internal).length);
        for (const o of rows.filter((r) => r.is_internal)) expect(texts).not.toContain(o.text.trim());
        expect(await conversation.internalMarkers()).toEqual([]);
      }
      if (others.length) {
        await conversation.open(target.callId);
      }

      // The recap: read it (its internal line left out) and approve it for the partner side.
      const recap = new RecapPanel(page);
      await recap.section().scrollIntoViewIfNeeded();
      await recap.panel().waitFor();
      const lines = await recap.partnerLineTexts();
      expect(lines.length).toBeGreaterThan(0);
      expect(lines).not.toContain(internalRecapLine);
      const body = await page.locator("#main").innerText();
      expect(body).not.toContain(INTERNAL_LABEL);
      expect(body).not.toMatch(/\bInternal\b/);
      for (const text of [...internalTexts, internalRecapLine]) expect(body).not.toContain(text);
      expect(await recap.approvalChip("Partner").innerText()).toBe("Partner: waiting");
      await recap.approveAsPartner();

      // Stored as the partner's own approval (not recorded on their behalf), and still shown after a reload.
      const approvals = (await sql<{ approvals: Array<{ side: string; onBehalf?: boolean; on_behalf?: boolean }> }>`
        SELECT r.approvals FROM recaps r WHERE r.conversation_id = ${target.callId}`.execute(server.deps.db)).rows[0]!.approvals;
      const partnerApproval = approvals.find((a) => a.side === "partner");
      expect(partnerApproval, "a partner approval is stored").toBeTruthy();
      expect(partnerApproval!.onBehalf ?? partnerApproval!.on_behalf ?? false).toBe(false);
      await page.reload();
      await recap.panel().waitFor();
      expect((await recap.approvalChip("Partner").innerText()).trim()).toBe("Partner approved");

      // The partner's own runway (our side creates it), read-only: no create or edit controls; another organisation's
      // runway is not found.
      const admin = session.page; // still signed in as our admin
      const { csrfToken } = await (await admin.request.get(`${server.url}/api/auth/me`)).json() as { csrfToken: string };
      const made = await admin.request.post(`${server.url}/api/partners/${encodeURIComponent(partnerOrg.id)}/runway`, { data: {}, headers: { "x-csrf-token": csrfToken } });
      expect([200, 201, 409], await made.text()).toContain(made.status());
      await page.getByRole("link", { name: "Runway", exact: true }).click();
      await page.waitForURL((u) => new URL(u).pathname === `/partners/${encodeURIComponent(partnerOrg.id)}/runway`);
      await page.waitForSelector("[data-testid=runway]");
      expect(await page.locator("#main h1").innerText()).toBe(`${partnerOrg.name} runway`);
      expect(await page.locator("[data-testid=runway-talk-track]").innerText()).not.toBe("");
      expect(await page.locator("[data-testid=runway-edit], [data-testid=runway-create], [data-testid=runway-save]").count()).toBe(0);
      expect(await page.getByRole("link", { name: /first win/i }).count()).toBe(0);
      await page.screenshot({ path: `${process.cwd()}/.tmp/h10-partner-runway.png`, fullPage: true });
      const otherOrg = (await sql<{ id: string }>`SELECT id FROM organisations WHERE side = 'partner' AND id <> ${partnerOrg.id} LIMIT 1`.execute(server.deps.db)).rows[0];
      if (otherOrg) {
        await page.goto(`${server.url}/partners/${encodeURIComponent(otherOrg.id)}/runway`);
        await page.waitForSelector("#main .state-empty");
        expect(await page.locator("[data-testid=runway]").count()).toBe(0);
      }

      // The ledger: actions only on the partner side's commitments; recording one is stored as the partner user's.
      await page.goto(`${server.url}/deals/${encodeURIComponent(target.dealId)}/ledger`);
      await page.waitForSelector("[data-testid=ledger-row]");
      const rows = page.locator("[data-testid=ledger-row]");
      for (let i = 0; i < await rows.count(); i++) {
        const row = rows.nth(i);
        const actions = await row.locator(".item-actions button").count();
        if ((await row.getAttribute("data-side")) === "partner") expect(actions).toBeGreaterThan(0);
        else expect(actions, `no actions on ${await row.getAttribute("data-side")} side`).toBe(0);
      }
      const open = page.locator("[data-testid=ledger-row][data-side=partner][data-status=open], [data-testid=ledger-row][data-side=partner][data-status=overdue]").first();
      const anyPartner = page.locator("[data-testid=ledger-row][data-side=partner]").first();
      const target2 = (await open.count()) ? open : anyPartner;
      if (await target2.count()) {
        const itemId = (await target2.getAttribute("data-item-id"))!;
        const wasOpen = ["open", "overdue"].includes((await target2.getAttribute("data-status"))!);
        await target2.getByRole("button", { name: wasOpen ? "Done" : "Reopen" }).click();
        const row = page.locator(`[data-testid=ledger-row][data-item-id="${itemId}"]`);
        await expect.poll(() => row.getAttribute("data-status")).toBe(wasOpen ? "done" : "open");
        await page.screenshot({ path: `${process.cwd()}/.tmp/h10-partner-ledger.png`, fullPage: true });
        const ev = (await sql<{ type: string; actor: string }>`SELECT type, actor FROM ledger_events WHERE item_id = ${itemId} ORDER BY id DESC LIMIT 1`.execute(server.deps.db)).rows[0];
        const partnerUserId = (await sql<{ id: string }>`SELECT id FROM users WHERE email = ${DEMO_PARTNER_LOGIN.email}`.execute(server.deps.db)).rows[0]!.id;
        expect(ev).toMatchObject({ type: wasOpen ? "done" : "reopen", actor: partnerUserId });
      }

      // A staff page by URL: not found for partners, and no staff endpoint was called on any screen.
      await page.goto(`${server.url}/settings/access`);
      await page.waitForSelector("#main .state-empty");
      expect(await page.locator("[data-testid=access-page]").count()).toBe(0);
      expect(errors).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("once our side approves too, the buyer's link shows the agreed recap without the internal line, and a forged link says so", async () => {
    expect(internalRecapLine, "the first journey kept a recap line internal").not.toBe("");
    const { page, server } = session; // still signed in as our admin
    const { csrfToken } = await (await page.request.get(`${server.url}/api/auth/me`)).json() as { csrfToken: string };
    const post = async <T>(path: string, data: unknown): Promise<T> => {
      const res = await page.request.post(`${server.url}${path}`, { data, headers: { "x-csrf-token": csrfToken } });
      expect(res.ok(), `POST ${path}: ${res.status()} ${await res.text()}`).toBe(true);
      return (await res.json()) as T;
    };
    const { recap } = await (await page.request.get(`${server.url}/api/conversations/${target.callId}/recap`)).json() as { recap: { id: string; version: number } };
    const approved = await post<{ recap: { isAgreed: boolean } }>(`/api/recaps/${recap.id}/approve`, { side: "ours", version: recap.version });
    expect(approved.recap.isAgreed).toBe(true);
    const { link } = await post<{ link: { url: string } }>(`/api/recaps/${recap.id}/buyer-links`, {});
    const path = new URL(link.url).pathname;

    const buyer = await page.context().browser()!.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const view = await buyer.newPage();
      const apiView = await (await view.request.get(`${server.url}/api${path}`)).json() as { recap: { lines: unknown[] }; commitments: Array<{ text: string }> };
      await view.goto(`${server.url}${path}`);
      await view.waitForSelector("[data-testid=share-recap]");
      expect(await view.locator(".topbar").count(), "no app chrome on the buyer's page").toBe(0);
      const lines = (await view.locator("[data-testid=share-line]").allInnerTexts()).map((t) => t.trim());
      expect(lines.length).toBe(apiView.recap.lines.length);
      expect(lines.length).toBeGreaterThan(0);
      const body = await view.locator("body").innerText();
      for (const text of [internalRecapLine, ...internalTexts]) expect(body).not.toContain(text);
      expect(await view.locator("[data-testid=share-commitments] h2").innerText()).toBe("Your open commitments");
      const commitments = (await view.locator("[data-testid=share-commitment] strong").allInnerTexts()).map((t) => t.trim());
      expect(commitments).toEqual(apiView.commitments.map((c) => c.text));

      await view.goto(`${server.url}/share/forged-${path.split("/").pop()!.slice(0, 12)}`);
      await view.waitForSelector("[data-testid=share-invalid]");
      expect(await view.locator("[data-testid=share-invalid] h1").innerText()).toBe("This link is invalid or has expired");
    } finally {
      await buyer.close();
    }
  });
});
