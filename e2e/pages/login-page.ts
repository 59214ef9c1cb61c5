// Page object: /login.
import type { Page } from "playwright-core";

export class LoginPage {
  private readonly page: Page;
  private readonly baseUrl: string;
  constructor(page: Page, baseUrl: string) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/login`);
    await this.page.waitForSelector("input[name=email]");
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.fill("input[name=email]", email);
    await this.page.fill("input[name=password]", password);
    await this.page.click("button[type=submit]");
  }

  /** The API's error message shown above the form. */
  async errorText(): Promise<string> {
    const alert = this.page.locator(".alert-error");
    await alert.waitFor();
    return (await alert.innerText()).trim();
  }

  heading() {
    return this.page.getByRole("heading", { name: "Sign in" });
  }
}
