// Page object: /deals.
import type { Page } from "playwright-core";
import { AppPage } from "./app-page.ts";

export class DealsPage extends AppPage {
  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/deals`);
    await this.waitForList();
  }

  async waitForList(): Promise<void> {
    await this.page.waitForSelector("[data-testid=deals-table], .state-empty");
  }

  async dealNames(): Promise<string[]> {
    return (await this.page.locator("[data-testid=deals-table] .deal-name").allInnerTexts()).map((s) => s.trim());
  }

  async search(text: string): Promise<void> {
    await this.page.fill("input[aria-label='Search deals']", text);
    await this.page.waitForURL((u) => new URL(u).searchParams.get("q") === text);
    await this.waitForList();
  }

  async openDeal(name: string): Promise<void> {
    await this.page.locator("[data-testid=deals-table] .deal-name", { hasText: name }).first().click();
    await this.page.waitForSelector("[data-testid=deal-header]");
  }

  signedInUser() {
    return this.page.locator("[data-testid=signed-in-user]");
  }

  async signOut(): Promise<void> {
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await this.page.waitForURL(/\/login/);
  }
}
