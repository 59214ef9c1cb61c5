// Page object: the recap section at the bottom of a call's transcript page (/conversations/:id, data-testid=conversation-recap).
import type { Locator, Page } from "playwright-core";

export interface RecapLineView { id: string; text: string; internal: boolean }

export class RecapPanel {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  section(): Locator {
    return this.page.locator("[data-testid=conversation-recap]");
  }

  panel(): Locator {
    return this.section().locator("[data-testid=recap-panel]");
  }

  /** Waits until the section has loaded: either the "Draft recap" empty state or a recap. */
  async waitLoaded(): Promise<void> {
    await this.section().locator("[data-testid=recap-draft], [data-testid=recap-panel]").first().waitFor();
  }

  async draft(): Promise<void> {
    await this.section().locator("[data-testid=recap-draft]").click();
    await this.panel().waitFor();
    await this.panel().locator("[data-testid=recap-line]").first().waitFor();
  }

  /** "draft" | "agreed" | "sent" (the panel's data-status). */
  async status(): Promise<string | null> {
    return this.panel().getAttribute("data-status");
  }

  async statusLabel(): Promise<string> {
    return (await this.panel().locator("[data-testid=recap-status]").innerText()).trim();
  }

  async lines(): Promise<RecapLineView[]> {
    return this.panel().locator("[data-testid=recap-line]").evaluateAll((els) => els.map((el) => ({
      id: el.getAttribute("data-line-id") ?? "",
      text: (el.querySelector("textarea") as HTMLTextAreaElement | null)?.value ?? "",
      internal: el.getAttribute("data-internal") === "true",
    })));
  }

  line(id: string): Locator {
    return this.panel().locator(`[data-testid=recap-line][data-line-id="${id}"]`);
  }

  button(name: "save" | "approve-ours" | "approve-partner" | "send"): Locator {
    return this.panel().locator(`[data-testid=recap-${name}]`);
  }

  async isSendEnabled(): Promise<boolean> {
    return this.button("send").isEnabled();
  }

  /** Ticks "Internal only" on a line and saves the edit; resolves once the saved recap shows the line as internal. */
  async markInternalAndSave(id: string): Promise<void> {
    await this.line(id).getByRole("checkbox").check();
    await this.waitFor(`[data-testid=recap-line][data-line-id="${id}"][data-internal=true]`);
    const saved = this.page.waitForResponse((r) => r.request().method() === "PATCH" && /\/api\/recaps\/[^/]+$/.test(new URL(r.url()).pathname));
    await this.button("save").click();
    const res = await saved;
    if (!res.ok()) throw new Error(`saving the recap failed: ${res.status()} ${await res.text()}`);
    await this.waitForDisabled(this.button("save"));
    await this.waitFor(`[data-testid=recap-line][data-line-id="${id}"][data-internal=true]`);
  }

  approvalChip(label: "Ours" | "Partner"): Locator {
    return this.panel().locator(".badge", { hasText: new RegExp(`^${label}( approved|: waiting)`) });
  }

  async approveOurs(): Promise<void> {
    await this.button("approve-ours").click();
    await this.approvalChip("Ours").filter({ hasText: "Ours approved" }).waitFor();
    await this.waitForDisabled(this.button("approve-ours"));
  }

  /** Opens "Record partner approval", fills the note the UI asks for and records it. */
  async recordPartnerApproval(note: string): Promise<void> {
    await this.button("approve-partner").click();
    const input = this.panel().getByLabel("Partner approval note");
    await input.waitFor();
    const record = this.panel().getByRole("button", { name: "Record", exact: true });
    await this.waitForDisabled(record); // the note is required
    await input.fill(note);
    await record.click();
    await this.approvalChip("Partner").filter({ hasText: "Partner approved (recorded)" }).waitFor();
    await input.waitFor({ state: "detached" });
  }

  /** Partner users: the read-only lines of the partner rendering. */
  async partnerLineTexts(): Promise<string[]> {
    return (await this.panel().locator("[data-testid=recap-line-text]").allInnerTexts()).map((s) => s.trim());
  }

  /** Partner users: approve the current version for the partner side (no note: they are the partner). */
  async approveAsPartner(): Promise<void> {
    const done = this.page.waitForResponse((r) => r.request().method() === "POST" && /\/api\/recaps\/[^/]+\/approve$/.test(new URL(r.url()).pathname));
    await this.panel().locator("[data-testid=recap-approve-as-partner]").click();
    const res = await done;
    if (!res.ok()) throw new Error(`approving failed: ${res.status()} ${await res.text()}`);
    await this.approvalChip("Partner").filter({ hasText: /^Partner approved$/ }).waitFor();
    await this.panel().locator("[data-testid=recap-partner-approved]").waitFor();
  }

  async send(): Promise<void> {
    await this.button("send").click();
    await this.waitFor("[data-testid=recap-panel][data-status=sent]");
    await this.panel().locator("[data-testid=recap-sends]").waitFor();
  }

  async sendsText(): Promise<string> {
    return (await this.panel().locator("[data-testid=recap-sends]").innerText()).trim();
  }

  async errorText(): Promise<string | null> {
    const alert = this.panel().locator(".alert-error");
    return (await alert.count()) ? (await alert.first().innerText()).trim() : null;
  }

  private async waitFor(selector: string): Promise<void> {
    await this.section().locator(selector).first().waitFor();
  }

  private async waitForDisabled(el: Locator): Promise<void> {
    const handle = await el.elementHandle();
    if (!handle) throw new Error("element not found");
    await handle.waitForElementState("disabled");
  }
}
