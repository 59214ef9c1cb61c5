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

  async openConversation(title: string): Promise<void> {
    await this.page.locator("[data-testid=timeline] .timeline-title", { hasText: title }).first().click();
    await this.page.waitForSelector("[data-testid=conversation-header]");
  }
}
