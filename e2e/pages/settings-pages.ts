// Page objects: the settings screens — /settings/crm, /settings/delivery, /settings/audit — and the deal's Deliveries panel.
import type { Page } from "playwright-core";
import { AppPage, PagePanel } from "./app-page.ts";

export class CrmSettingsPage extends AppPage {
  async open(): Promise<void> {
    await this.visit(`/settings/crm`, "[data-testid=crm-page] [data-testid=crm-add-form]");
  }

  /** Adds a signed-webhook connection through the form; resolves once it is listed. */
  async addWebhook(p: { name: string; url: string; secret: string }): Promise<void> {
    const form = this.page.locator("[data-testid=crm-add-form]");
    await form.locator("select[name=kind]").selectOption("webhook");
    await form.locator("input[name=name]").fill(p.name);
    await form.locator("input[name=baseUrl]").fill(p.url);
    await form.locator("input[name=signingSecret]").fill(p.secret);
    await form.locator("[data-testid=crm-add-submit]").click();
    await this.connection(p.name).waitFor();
  }

  connection(name: string) {
    return this.page.locator("[data-testid=crm-connection]", { hasText: name });
  }

  /** "ok" | "failing" | "unknown" and the badge's label. */
  async health(name: string): Promise<{ health: string | null; label: string }> {
    const row = this.connection(name);
    return { health: await row.getAttribute("data-health"), label: (await row.locator(".badge").innerText()).trim() };
  }

  /** The "Last error" line under each failing connection. */
  async lastErrors(): Promise<string[]> {
    return (await this.page.locator("[data-testid=crm-connection-error]").allInnerTexts()).map((s) => s.trim());
  }

  deadRows() {
    return this.page.locator("[data-testid=crm-dead-row]");
  }

  async deadErrors(): Promise<string[]> {
    return (await this.page.locator("[data-testid=crm-dead-error]").allInnerTexts()).map((s) => s.trim());
  }

  /** Presses Retry on dead letter #id; resolves once the page confirms it is queued again. */
  async retry(id: string): Promise<void> {
    await this.deadRows().filter({ hasText: `#${id} ` }).locator("[data-action=retry]").click();
    await this.page.locator("[data-testid=crm-page] .alert", { hasText: `Change #${id} is queued again.` }).waitFor();
  }
}

export class DeliverySettingsPage extends AppPage {
  async open(): Promise<void> {
    await this.visit(`/settings/delivery`, "[data-testid=delivery-page] [data-testid=destination-form]");
  }

  /** Adds a destination through the form; resolves once its row is listed. */
  async addDestination(p: { name: string; channel: "email" | "slack-webhook"; audience: "ours" | "partner" | "buyer"; target?: string; secret?: string }): Promise<void> {
    const form = this.page.locator("[data-testid=destination-form]");
    await form.locator("input[name=name]").fill(p.name);
    await form.locator("select[name=channel]").selectOption(p.channel);
    await form.locator("select[name=audience]").selectOption(p.audience);
    if (p.target !== undefined) await form.locator("input[name=target]").fill(p.target);
    if (p.secret !== undefined) await form.locator("input[name=secret]").fill(p.secret);
    await form.locator("[data-testid=destination-submit]").click();
    await this.page.locator(`[data-testid=destination-row][data-name="${p.name}"]`).waitFor();
  }

  async destinationNames(): Promise<string[]> {
    return this.page.locator("[data-testid=destination-row]").evaluateAll((els) => els.map((e) => e.getAttribute("data-name") ?? ""));
  }
}

/** The Deliveries section on a deal page. */
export class DeliveryPanel extends PagePanel {
  constructor(page: Page) {
    super(page, "delivery-panel");
  }

  /** Sends the chosen recap to one destination through the "Send to…" form; returns the result lines. */
  async sendRecap(p: { recapId: string; audience: "ours" | "partner" | "buyer"; destinationLabel: string }): Promise<string[]> {
    const s = this.section();
    await s.locator("[data-testid=delivery-artefact]").selectOption("recap");
    await s.locator(`[data-testid=delivery-recap] option[value="${p.recapId}"]`).waitFor({ state: "attached" });
    await s.locator("[data-testid=delivery-recap]").selectOption(p.recapId);
    await s.locator("[data-testid=delivery-audience]").selectOption(p.audience);
    await s.locator("[data-testid=delivery-destination]").selectOption({ label: p.destinationLabel });
    const sent = this.page.waitForResponse((r) => r.request().method() === "POST" && /\/api\/deals\/[^/]+\/deliveries$/.test(new URL(r.url()).pathname));
    await s.locator("[data-testid=delivery-send]").click();
    const res = await sent;
    if (!res.ok()) throw new Error(`send failed: ${res.status()} ${await res.text()}`);
    await s.locator("[data-testid=delivery-results]").waitFor();
    return (await s.locator("[data-testid=delivery-results] li").allInnerTexts()).map((t) => t.trim());
  }

  async logRows(): Promise<Array<{ status: string | null; text: string }>> {
    return this.section().locator("[data-testid=delivery-row]").evaluateAll((els) => els.map((e) => ({ status: e.getAttribute("data-status"), text: (e as HTMLElement).innerText })));
  }
}

export class AuditSettingsPage extends AppPage {
  async open(query = ""): Promise<void> {
    await this.visit(`/settings/audit${query}`, "[data-testid=audit-page] [data-testid=audit-table]");
  }

  async filterByAction(action: string): Promise<void> {
    await this.page.locator("[data-testid=audit-page] select[aria-label=Action]").selectOption(action);
    await this.page.waitForURL(new RegExp(`[?&]action=${action}`));
  }

  /** Visible rows: action, the "What" text and the deal cell. */
  async rows(): Promise<Array<{ action: string; what: string; deal: string }>> {
    return this.page.locator("[data-testid=audit-row]").evaluateAll((els) => els.map((e) => {
      const cells = e.querySelectorAll("td");
      return { action: e.getAttribute("data-action") ?? "", what: (cells[3] as HTMLElement | undefined)?.innerText.trim() ?? "", deal: (cells[4] as HTMLElement | undefined)?.innerText.trim() ?? "" };
    }));
  }
}

/** /settings/consent: the workspace's recording-consent policy. */
export class ConsentSettingsPage extends AppPage {
  async open(): Promise<void> {
    await this.visit(`/settings/consent`, "[data-testid=consent-page] [data-testid=consent-policy]");
  }

  card() {
    return this.page.locator("[data-testid=consent-policy]");
  }

  /** What the card says is in force: the badge ("On" / "Off"), the switch, and whether the switch can be used. */
  async state(): Promise<{ badge: string; checked: boolean; enabled: boolean; attr: string | null }> {
    const toggle = this.page.locator("[data-testid=consent-toggle]");
    return {
      badge: (await this.page.locator("[data-testid=consent-state]").innerText()).trim(),
      checked: await toggle.isChecked(),
      enabled: await toggle.isEnabled(),
      attr: await this.card().getAttribute("data-require-consent"),
    };
  }

  /** Clicks the switch and waits for the PATCH to answer; returns its HTTP status. */
  async toggle(): Promise<number> {
    const saved = this.page.waitForResponse((r) => r.request().method() === "PATCH" && new URL(r.url()).pathname === "/api/workspace");
    await this.page.locator("[data-testid=consent-policy] .switch").click();
    return (await saved).status();
  }

  async notice(): Promise<string> {
    return (await this.page.locator("[data-testid=consent-saved]").innerText()).trim();
  }

  async error(): Promise<string> {
    return (await this.card().locator(".alert-error").innerText()).trim();
  }
}

/** The CRM sync section on a deal page. */
export class CrmSyncPanel extends PagePanel {
  constructor(page: Page) {
    super(page, "crm-sync-panel");
  }

  /** Resolves once the section has loaded (a table or the no-connection hint). */
  async waitLoaded(): Promise<void> {
    await this.section().locator("[data-testid=crm-sync-table], [data-testid=crm-sync-hint]").first().waitFor();
  }

  async hint(): Promise<{ text: string; href: string | null } | null> {
    const h = this.section().locator("[data-testid=crm-sync-hint]");
    if (!(await h.count())) return null;
    return { text: (await h.innerText()).trim(), href: await h.locator("a").getAttribute("href") };
  }

  /** One entry per CRM receiving the deal: its name, the state (queued/sent/planned/failed/never) and the badge. */
  async rows(): Promise<Array<{ connection: string | null; state: string | null; badge: string }>> {
    return this.section().locator("[data-testid=crm-sync-row]").evaluateAll((els) => els.map((e) => ({
      connection: e.getAttribute("data-connection"), state: e.getAttribute("data-state"),
      badge: (e.querySelector("[data-testid=crm-sync-state]") as HTMLElement | null)?.innerText.trim() ?? "",
    })));
  }

  async stateOf(connection: string): Promise<string | null> {
    return (await this.rows()).find((r) => r.connection === connection)?.state ?? null;
  }

  async errors(): Promise<string[]> {
    return (await this.section().locator("[data-testid=crm-sync-error-text]").allInnerTexts()).map((s) => s.trim());
  }

  /** Presses "Sync now" and waits for the POST and the message; returns the message. */
  async syncNow(): Promise<string> {
    const posted = this.page.waitForResponse((r) => r.request().method() === "POST" && /\/api\/deals\/[^/]+\/crm-sync$/.test(new URL(r.url()).pathname));
    await this.section().locator("[data-testid=crm-sync-now]").click();
    const res = await posted;
    if (!res.ok()) throw new Error(`sync failed: ${res.status()} ${await res.text()}`);
    const msg = this.section().locator("[data-testid=crm-sync-message]");
    await msg.waitFor();
    return (await msg.innerText()).trim();
  }
}
