// Page object: /deals/:id.
import type { Page } from "playwright-core";

export type SideName = "ours" | "partner" | "buyer";

export class DealPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async title(): Promise<string> {
    return (await this.page.locator("[data-testid=deal-header] h1").innerText()).trim();
  }

  async peopleOn(side: SideName): Promise<string[]> {
    return (await this.page.locator(`[data-testid=people-${side}] .person-name`).allInnerTexts()).map((s) => s.trim());
  }

  async conversationTitles(): Promise<string[]> {
    return (await this.page.locator("[data-testid=timeline] .timeline-title").allInnerTexts()).map((s) => s.trim());
  }

  itemsArea() {
    return this.page.locator("[data-testid=items-area]");
  }

  /** Ids of the items listed in the items area, in order. */
  async itemIds(): Promise<string[]> {
    await this.page.waitForSelector("[data-testid=items-area] [data-testid=item]");
    return this.page.locator("[data-testid=items-area] [data-testid=item]").evaluateAll((els) => els.map((e) => e.getAttribute("data-item-id") ?? ""));
  }

  item(id: string) {
    return this.page.locator(`[data-testid=items-area] [data-testid=item][data-item-id="${id}"]`);
  }

  /** "proposed" | "confirmed" | "corrected", or null once the item has left the list. */
  async itemReview(id: string): Promise<string | null> {
    const el = this.item(id);
    return (await el.count()) === 0 ? null : el.getAttribute("data-review");
  }

  async confirmItem(id: string): Promise<void> {
    await this.item(id).locator("[data-action=confirm]").click();
    await this.page.waitForSelector(`[data-testid=items-area] [data-item-id="${id}"][data-review=confirmed]`);
  }

  async dismissItem(id: string): Promise<void> {
    await this.item(id).locator("[data-action=dismiss]").click();
    await this.item(id).waitFor({ state: "detached" });
  }

  /** Our side: tick "Internal" on an item; resolves once the row shows it as internal-only. */
  async markItemInternal(id: string): Promise<void> {
    await this.item(id).locator("[data-action=internal]").click();
    await this.page.waitForSelector(`[data-testid=items-area] [data-item-id="${id}"][data-internal=true]`);
  }

  async undoDismiss(): Promise<void> {
    await this.page.locator("[data-testid=undo-dismiss] .undo-button").click();
    await this.page.locator("[data-testid=undo-dismiss]").waitFor({ state: "detached" });
  }

  async openConversation(title: string): Promise<void> {
    await this.page.locator("[data-testid=timeline] .timeline-title", { hasText: title }).first().click();
    await this.page.waitForSelector("[data-testid=conversation-header]");
  }
}
