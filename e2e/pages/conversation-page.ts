// Page object: /conversations/:id.
import type { Page } from "playwright-core";

export class ConversationPage {
  private readonly page: Page;
  private readonly baseUrl: string;
  constructor(page: Page, baseUrl: string) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  async open(id: string, anchor = ""): Promise<void> {
    await this.page.goto(`${this.baseUrl}/conversations/${id}${anchor}`);
    await this.page.waitForSelector("[data-testid=transcript] .utterance");
  }

  async title(): Promise<string> {
    return (await this.page.locator("[data-testid=conversation-header] h1").innerText()).trim();
  }

  async utteranceCount(): Promise<number> {
    return this.page.locator("[data-testid=transcript] .utterance").count();
  }

  async utteranceText(seq: number): Promise<string> {
    return (await this.page.locator(`#seq-${seq} .utt-text`).innerText()).trim();
  }

  async speakerNames(): Promise<string[]> {
    return (await this.page.locator("[data-testid=transcript] .utt-name").allInnerTexts()).map((s) => s.trim());
  }

  /** The seq of the highlighted (linked-to) utterance, or null. */
  async targetSeq(): Promise<number | null> {
    const el = this.page.locator("[data-testid=transcript] .utterance.is-target");
    if ((await el.count()) === 0) return null;
    return Number(await el.first().getAttribute("data-seq"));
  }

  async isInViewport(seq: number): Promise<boolean> {
    return this.page.locator(`#seq-${seq}`).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    });
  }
}
