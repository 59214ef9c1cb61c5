// Optional second pass: a language model reads the transcript, the roster and the rule engine's items, and
// may add, correct or drop items. Its answer is parsed with zod and merged by `applyRefinement`, which holds
// it to the same evidence check as the rules. A failed call leaves the rules' items as they are.
import type { LanguageModel } from "ai";
import { applyRefinement } from "./apply-refinement.ts";
import type { ExtractionInput, ExtractionResult } from "./extraction.types.ts";
import { RefinementSchema } from "./refinement.schemas.ts";

/** A configured model (see adapters/nlp-model) and its name for the run record. */
export interface RefineModel { name: string; model: LanguageModel }

const SYSTEM = `You review what a rule engine extracted from one conversation of a B2B co-sell deal (sides: "ours" = the vendor, "partner", "buyer").
Item kinds: commitment (someone undertakes to do something), objection (the buyer's concern that stands in the way of buying; topic one of pricing, security, integration, timeline, competition, resources, legal, other), decision (something agreed), stakeholder (a roster person who matters but is not speaking; role one of champion, economic_buyer, approver, technical_evaluator, user, blocker, other), risk (a signal the deal may slip or die; type one of budget, timing, competitor, champion, legal, technical, other).
Answer with JSON only: {"add": [...], "correct": [...], "drop": [...]}.
- add: items the rules missed. Each has kind, seq (the utterance number) and quote: words copied exactly, character for character, from that one utterance. Add the fields of its kind (text, owner, due, topic, role, type, name). Owners and stakeholder names must be roster names.
- due: a YYYY-MM-DD date only when the cited utterance itself says when; otherwise null. Never guess a date.
- correct: {id, ...fields} for a rule item whose owner, due, text, topic, role or type is wrong.
- drop: {id, reason} for a rule item that is not what its kind means.
Leave lists empty when the rules got it right.`;

export function buildRefinePrompt(input: ExtractionInput, rules: ExtractionResult): string {
  const roster = input.roster.map((p) => `- ${p.name} (${p.side}${p.title ? `, ${p.title}` : ""}${p.orgName ? `, ${p.orgName}` : ""})`).join("\n");
  const lines = input.utterances.map((u) => `[${u.seq}] ${u.speakerName ?? u.speakerLabel ?? "Unknown"}${u.side ? ` (${u.side})` : ""}: ${u.text}`).join("\n");
  const items = [
    ...rules.commitments.map((c) => ({ id: c.localId, kind: "commitment", seq: c.evidence.seq, quote: c.evidence.quote, text: c.text, owner: c.owner, due: c.due })),
    ...rules.objections.map((o) => ({ id: o.localId, kind: "objection", seq: o.evidence.seq, quote: o.evidence.quote, topic: o.topic })),
    ...rules.decisions.map((d) => ({ id: d.localId, kind: "decision", seq: d.evidence.seq, quote: d.evidence.quote, text: d.text })),
    ...rules.stakeholders.map((s) => ({ id: s.localId, kind: "stakeholder", seq: s.evidence.seq, quote: s.evidence.quote, name: s.name, role: s.role })),
    ...rules.risks.map((r) => ({ id: r.localId, kind: "risk", seq: r.evidence.seq, quote: r.evidence.quote, type: r.type })),
  ].map((x) => JSON.stringify(x)).join("\n");
  return `Conversation: ${input.conversation.kind}, ${input.conversation.startedAt} (${input.conversation.timezone})\n\nRoster:\n${roster}\n\nUtterances:\n${lines}\n\nRule items:\n${items || "(none)"}`;
}

/** Runs the model over one conversation; never throws for a model failure (the rules' result comes back with the error noted). */
export async function refineExtraction(model: RefineModel, input: ExtractionInput, rules: ExtractionResult, opts: { abortSignal?: AbortSignal } = {}): Promise<ExtractionResult> {
  try {
    // Loaded only when a model is configured: the SDK costs a few hundred ms of start-up that the rules-only path (and `baton analyze`) never needs.
    const { generateText, Output } = await import("ai");
    const res = await generateText({
      model: model.model,
      system: SYSTEM,
      prompt: buildRefinePrompt(input, rules),
      output: Output.object({ schema: RefinementSchema, name: "refinement" }),
      temperature: 0,
      maxRetries: 1,
      ...(opts.abortSignal ? { abortSignal: opts.abortSignal } : {}),
    });
    const { result } = applyRefinement(input, rules, res.output);
    return { ...result, engine: { ...result.engine, model: model.name } };
  } catch (e) {
    const message = e instanceof Error ? e.message.slice(0, 300) : String(e);
    return { ...rules, refinement: { added: 0, corrected: 0, removed: 0, quotesDropped: 0, datesDropped: 0, ignored: 0, error: message } };
  }
}
