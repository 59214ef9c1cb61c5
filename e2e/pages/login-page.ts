// Page object: /login.
import type { Page } from "playwright-core";
import { AppPage } from "./app-page.ts";

export class LoginPage extends AppPage {
  async open(): Promise<void> {
    await this.visit(`/login`, "input[name=email]");
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
