// Page object: /invite/:token — accepting a partner invitation.
import type { Page } from "playwright-core";

export class InvitePage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async open(acceptUrl: string): Promise<void> {
    await this.page.goto(acceptUrl);
    await this.page.waitForSelector("[data-testid=invite-form], [data-testid=invite-problem]");
  }

  async heading(): Promise<string> {
    return (await this.page.locator(".auth-title").innerText()).trim();
  }

  async summary(): Promise<string> {
    return (await this.page.locator("[data-testid=invite-summary]").innerText()).trim();
  }

  async email(): Promise<string> {
    return this.page.locator("[data-testid=invite-form] input[name=email]").inputValue();
  }

  /** Fills name and password and accepts; resolves on the deals page. */
  async accept(name: string, password: string): Promise<void> {
    const form = this.page.locator("[data-testid=invite-form]");
    await form.locator("input[name=name]").fill(name);
    await form.locator("input[name=password]").fill(password);
    await form.locator("input[name=confirm]").fill(password);
    await form.locator("button[type=submit]").click();
    await this.page.waitForURL((u) => new URL(u).pathname === "/deals");
  }

  async problem(): Promise<string | null> {
    const el = this.page.locator("[data-testid=invite-problem]");
    return (await el.count()) ? (await el.innerText()).trim() : null;
  }
}
