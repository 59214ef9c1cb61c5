import { describe, expect, it } from "vitest";
import { buildPhrasePrompt, checkCitations, type PhraseSource } from "./llm-phrase.ts";

const sources: PhraseSource[] = [
  { ref: 1, speaker: "Petra Novak", side: "buyer", conversation: "01.vtt", at: "00:00:33.000", text: "The other thing is the annual price. Forty thousand is more than we planned." },
  { ref: 2, speaker: "Owen Marsh", side: "partner", conversation: "01.vtt", at: "00:00:42.000", text: "We can bundle the install to bring the total down." },
];

describe("checkCitations", () => {
  it.each([
    ["a quote inside the cited utterance", { ref: 1, quote: "Forty thousand is more than we planned." }, 1, 0],
    ["a quote from another utterance", { ref: 1, quote: "bundle the install" }, 0, 1],
    ["an utterance that was not retrieved", { ref: 7, quote: "Forty thousand" }, 0, 1],
    ["a paraphrase", { ref: 2, quote: "We will lower the total by bundling." }, 0, 1],
    ["surrounding whitespace only", { ref: 2, quote: "  bring the total down. " }, 1, 0],
  ])("%s", (_name, citation, kept, dropped) => {
    const r = checkCitations({ answer: "x", citations: [citation] }, sources);
    expect(r.citations).toHaveLength(kept);
    expect(r.citationsDropped).toBe(dropped);
  });

  it("keeps one citation per utterance and the model's answer", () => {
    const r = checkCitations({ answer: "Price is high.", citations: [{ ref: 1, quote: "annual price" }, { ref: 1, quote: "Forty thousand" }, { ref: 2, quote: "bundle" }] }, sources);
    expect(r).toEqual({ answer: "Price is high.", citations: [{ ref: 1, quote: "annual price" }, { ref: 2, quote: "bundle" }], citationsDropped: 0 });
  });

  it("numbers every offered utterance in the prompt", () => {
    const p = buildPhrasePrompt("What about price?", sources);
    expect(p).toContain("[1] Petra Novak (buyer), 01.vtt 00:00:33.000: The other thing");
    expect(p).toContain("[2] Owen Marsh (partner)");
  });
});
