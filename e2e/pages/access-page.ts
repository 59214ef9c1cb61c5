// Page object: /settings/access (People & access) — users, partner invitations, the invite form.
import type { Locator, Page } from "playwright-core";
import { AppPage } from "./app-page.ts";

export interface CreatedInvitationView { emailed: boolean; acceptUrl: string | null; message: string }

export class AccessPage extends AppPage {
  async open(): Promise<void> {
    await this.visit(`/settings/access`, "[data-testid=access-page]", "[data-testid=users-table], [data-testid=access-page] .state-empty");
  }

  /** The partner organisations the invite form offers (option labels). */
  async partnerOptions(): Promise<string[]> {
    const opts = this.page.locator("[data-testid=invite-form] select[name=partnerOrgId] option");
    return (await opts.allInnerTexts()).map((s) => s.trim()).filter((s) => !/^Choose|^No partner/.test(s));
  }

  async invite(input: { email: string; name?: string; partner: string }): Promise<CreatedInvitationView> {
    const form = this.page.locator("[data-testid=invite-form]");
    await form.locator("input[name=email]").fill(input.email);
    if (input.name) await form.locator("input[name=name]").fill(input.name);
    await form.locator("select[name=partnerOrgId]").selectOption({ label: input.partner });
    const created = this.page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/invitations");
    await this.page.locator("[data-testid=invite-submit]").click();
    const res = await created;
    if (res.status() !== 201) throw new Error(`inviting failed: ${res.status()} ${await res.text()}`);
    const box = this.page.locator("[data-testid=invite-created]");
    await box.waitFor();
    const link = this.page.locator("[data-testid=invite-link]");
    const acceptUrl = (await link.count()) ? await link.inputValue() : null;
    return { emailed: acceptUrl === null, acceptUrl, message: (await box.innerText()).trim() };
  }

  invitationRow(email: string): Locator {
    return this.page.locator(`[data-testid=invitation-row][data-email="${email}"]`);
  }

  async invitationStatus(email: string): Promise<string | null> {
    const row = this.invitationRow(email);
    await row.waitFor();
    return row.getAttribute("data-status");
  }

  async userEmails(): Promise<string[]> {
    return this.page.locator("[data-testid=user-row]").evaluateAll((els) => els.map((e) => e.getAttribute("data-email") ?? ""));
  }
}
