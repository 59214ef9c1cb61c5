// Optional phrasing of Ask's answer by a language model (the provider layer of adapters/nlp-model). The model sees
// the question and only the retrieved utterances, and answers in a sentence or two with citations. Each citation is
// held to the evidence check: it must name one of the retrieved utterances and quote words that are in it, character
// for character. Invented citations are dropped and counted; with none left, or on any model failure, the rule-based
// answer stands.
import type { LanguageModel } from "ai";
import { z } from "zod";

/** A configured model (see adapters/nlp-model) and its name for the answer's phrasing note. */
export interface AskModel { name: string; model: LanguageModel }

/** One retrieved utterance offered to the model: `ref` is its number in the prompt, `text` the whole utterance. */
export interface PhraseSource { ref: number; speaker: string | null; side: string | null; conversation: string; at: string; text: string }

export const PhraseOutputSchema = z.object({
  answer: z.string().trim().min(1).max(1200),
  citations: z.array(z.object({ ref: z.number().int(), quote: z.string().min(1).max(600) })).max(12),
});
export type PhraseOutput = z.infer<typeof PhraseOutputSchema>;

export interface Phrased {
  answer: string;
  /** Citations that passed the check, in the model's order (one per utterance). */
  citations: Array<{ ref: number; quote: string }>;
  citationsDropped: number;
}

const SYSTEM = `You answer a question about a B2B co-sell deal (sides: "ours" = the vendor, "partner", "buyer") from numbered utterances of its conversations.
Answer with JSON only: {"answer": "...", "citations": [{"ref": 1, "quote": "..."}]}.
- answer: one to three plain sentences that answer the question directly, using only what the utterances say. Name people as the utterances do.
- citations: for every claim, the ref of the utterance it comes from and a quote copied exactly, character for character, from that one utterance.
- Cite only the numbered utterances given. If they do not answer the question, say so in the answer and cite the nearest ones.`;

export function buildPhrasePrompt(question: string, sources: PhraseSource[]): string {
  const lines = sources.map((s) => `[${s.ref}] ${s.speaker ?? "Unknown speaker"}${s.side ? ` (${s.side})` : ""}, ${s.conversation} ${s.at}: ${s.text}`);
  return `Question: ${question}\n\nUtterances:\n${lines.join("\n")}`;
}

/** The evidence check (pure): keeps citations of offered utterances whose quote is in that utterance; counts the rest. */
export function checkCitations(out: PhraseOutput, sources: PhraseSource[]): Phrased {
  const byRef = new Map(sources.map((s) => [s.ref, s]));
  const kept: Array<{ ref: number; quote: string }> = [];
  let dropped = 0;
  for (const c of out.citations) {
    const src = byRef.get(c.ref);
    const quote = c.quote.trim();
    if (!src || !quote || !src.text.includes(quote)) { dropped++; continue; }
    if (!kept.some((k) => k.ref === c.ref)) kept.push({ ref: c.ref, quote });
  }
  return { answer: out.answer, citations: kept, citationsDropped: dropped };
}

/** Asks the model; `null` with the error message when the call or its output fails (the caller keeps its own answer). */
export async function phraseAnswer(model: AskModel, question: string, sources: PhraseSource[], opts: { abortSignal?: AbortSignal } = {}):
  Promise<{ phrased: Phrased; error?: undefined } | { phrased: null; error: string }> {
  try {
    // Loaded only when a model is configured (the SDK's start-up cost is not paid by the rules-only path).
    const { generateText, Output } = await import("ai");
    const res = await generateText({
      model: model.model,
      system: SYSTEM,
      prompt: buildPhrasePrompt(question, sources),
      output: Output.object({ schema: PhraseOutputSchema, name: "answer" }),
      temperature: 0,
      maxRetries: 1,
      ...(opts.abortSignal ? { abortSignal: opts.abortSignal } : {}),
    });
    return { phrased: checkCitations(PhraseOutputSchema.parse(res.output), sources) };
  } catch (e) {
    return { phrased: null, error: e instanceof Error ? e.message.slice(0, 300) : String(e) };
  }
}
