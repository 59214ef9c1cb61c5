// Page object: the top bar (navigation, partner-view badge, signed-in user).
import type { Page } from "playwright-core";

export class TopBar {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async navLinks(): Promise<string[]> {
    await this.page.waitForSelector(".topnav a");
    return (await this.page.locator(".topnav a").allInnerTexts()).map((s) => s.trim());
  }

  /** "Partner view · <org>", or null for our side. */
  async partnerBadge(): Promise<string | null> {
    const el = this.page.locator("[data-testid=partner-badge]");
    return (await el.count()) ? (await el.innerText()).trim() : null;
  }

  async signedInUser(): Promise<string> {
    return (await this.page.locator("[data-testid=signed-in-user]").innerText()).trim();
  }
}
