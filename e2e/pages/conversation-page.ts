// Page object: /conversations/:id.
import type { Page } from "playwright-core";
import { AppPage } from "./app-page.ts";

export class ConversationPage extends AppPage {
  async open(id: string, anchor = ""): Promise<void> {
    await this.visit(`/conversations/${id}${anchor}`, "[data-testid=transcript] .utterance");
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

  /** Every utterance in the transcript: seq, text and whether it is shown as internal-only. */
  async utterances(): Promise<Array<{ seq: number; text: string; isInternal: boolean }>> {
    return this.page.locator("[data-testid=transcript] .utterance").evaluateAll((els) => els.map((el) => ({
      seq: Number(el.getAttribute("data-seq")),
      text: (el.querySelector(".utt-text") as HTMLElement | null)?.innerText.trim() ?? "",
      isInternal: el.getAttribute("data-internal") === "true",
    })));
  }

  /** Our side: click the first line's box, shift-click the last, mark the range internal; resolves once they show as internal. */
  async markInternal(fromSeq: number, toSeq: number): Promise<void> {
    await this.page.locator(`#seq-${fromSeq} [data-testid=utt-select]`).click();
    await this.page.locator(`#seq-${toSeq} [data-testid=utt-select]`).click({ modifiers: ["Shift"] });
    await this.page.locator("[data-testid=selection-bar]").waitFor();
    const saved = this.page.waitForResponse((r) => r.request().method() === "POST" && /\/api\/conversations\/[^/]+\/internal$/.test(new URL(r.url()).pathname));
    await this.page.locator("[data-testid=mark-internal]").click();
    const res = await saved;
    if (!res.ok()) throw new Error(`marking internal failed: ${res.status()} ${await res.text()}`);
    await this.page.locator(`#seq-${toSeq}[data-internal=true]`).waitFor();
    await this.page.locator("[data-testid=selection-bar]").waitFor({ state: "detached" });
  }

  /** Text of every "Internal — never shared" marker on the page. */
  async internalMarkers(): Promise<string[]> {
    return (await this.page.locator("[data-testid=internal-badge], [data-testid=item-internal-badge], [data-testid=conversation-internal]").allInnerTexts()).map((s) => s.trim());
  }

  async isInViewport(seq: number): Promise<boolean> {
    return this.page.locator(`#seq-${seq}`).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    });
  }
}
