// What every page object of a routed screen holds: the browser page and the app's base URL.
import type { Page } from "playwright-core";

export abstract class AppPage {
  protected readonly page: Page;
  protected readonly baseUrl: string;
  constructor(page: Page, baseUrl: string) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  /** Goes to `path` and waits for each selector in turn. */
  protected async visit(path: string, ...ready: string[]): Promise<void> {
    await this.page.goto(`${this.baseUrl}${path}`);
    for (const s of ready) await this.page.waitForSelector(s);
  }
}

/** A section inside a page (a deal page's Deliveries or CRM sync panel), found by its data-testid. */
export abstract class PagePanel {
  protected readonly page: Page;
  private readonly testId: string;
  constructor(page: Page, testId: string) {
    this.page = page;
    this.testId = testId;
  }

  section() {
    return this.page.locator(`[data-testid=${this.testId}]`);
  }
}
