// Embedded action-item classifier for single dialogue acts (DAs): a logistic regression over sparse binary
// features (word unigrams + bigrams, a few shape features, unigrams of the previous/next DA, and optional
// meeting position / speaker role). Weights are trained offline on the AMI Meeting Corpus train split
// (CC BY 4.0, see models/ami-action-items.json `_source`) by scripts/train-ami.mjs.
//
// Pure: no I/O besides the static JSON import, no state besides the weights loaded once at module load.
// Not wired into the extraction pipeline; scripts/eval-ami.mjs scores it on AMI dev.
import modelJson from "./models/ami-action-items.json" with { type: "json" };

export interface ActionItemContext {
  /** Text of the previous dialogue act / utterance (any speaker). */
  prev?: string;
  /** Text of the next dialogue act / utterance (any speaker). */
  next?: string;
  /** Relative position of this utterance in the conversation, 0 (start) .. 1 (end). */
  position?: number;
  /** Speaker role label as in the training data (AMI: PM, ID, UI, ME). Only AMI roles carry weight. */
  role?: string;
}

export interface ActionItemModel {
  _source: string;
  version: number;
  threshold: number;
  textOnlyThreshold?: number;
  bias: number;
  weights: Record<string, number>;
}

const model = modelJson as unknown as ActionItemModel;
const weights = new Map<string, number>(Object.entries(model.weights ?? {}));

/** Decision threshold on the probability with full context (prev/next + position/role), picked on held-out train folds (never on dev). */
export const ACTION_ITEM_THRESHOLD: number = model.threshold ?? 0.5;
/** Decision threshold when only text (+ prev/next) is known, picked the same way. */
export const ACTION_ITEM_TEXT_ONLY_THRESHOLD: number = model.textOnlyThreshold ?? ACTION_ITEM_THRESHOLD;

/** The stored threshold that fits the context given: full-context when position or role is known, else text-only. */
export function actionItemThreshold(context: ActionItemContext = {}): number {
  return context.position !== undefined || context.role ? ACTION_ITEM_THRESHOLD : ACTION_ITEM_TEXT_ONLY_THRESHOLD;
}

const FILLERS = new Set([
  "um", "uh", "hmm", "mm", "er", "erm", "ah", "oh", "so", "okay", "ok", "and", "but", "well", "right", "yeah", "yes",
  "alright", "now", "then", "also", "just", "basically", "like", "actually",
]);

/** Lowercased word tokens; keeps in-word apostrophes (curly ones folded), drops everything else. */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().replace(/[\u2018\u2019\u02bc`]/g, "'").match(/[a-z0-9]+(?:'[a-z]+)*/g) ?? []);
}

const START_PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ["i_will", /^(i'll|i will|i'm gonna|i am gonna|i'm going to|i am going to|i'll try|let me)\b/],
  ["we_will", /^(we'll|we will|we're gonna|we are gonna|we're going to|we are going to|we have to|we need to|we should)\b/],
  ["you_will", /^(you'll|you will|you're gonna|you are gonna|you're going to|you are going to|you'd|you have to|you need to|you should)\b/],
  ["i_need_you", /^(i need you to|i'd like you to|i want you to|i would like you to|i'd like the)\b/],
  ["can_you", /^(can you|could you|would you|will you|if you can|if you could)\b/],
  ["lets", /^(let's|let us)\b/],
];

const SECOND_FUTURE = /\byou(?:'ll| will|'re gonna| are gonna|'re going to| are going to| have to| need to| should| can| could| get to)\b/;
const FIRST_FUTURE = /\b(?:i|we)(?:'ll| will|'m gonna|'re gonna| am gonna| are gonna|'m going to|'re going to| am going to| are going to| have to| need to| should)\b/;
const THIRD_FUTURE = /\b(?:he|she|they|designer|expert|manager|marketing|\w+er)(?:'ll| will| is gonna| is going to| are going to| has to| have to| needs to| gonna)\b/;
const TIME_WORDS = /\b(?:next (?:meeting|time|week|session)|tomorrow|tonight|by (?:monday|tuesday|wednesday|thursday|friday|the end|next)|in the meantime|meantime|after (?:this|the) meeting|before (?:the|our) next|homework|follow up|send|email|mail)\b/;

function shapeFeatures(prefix: string, toks: string[], out: string[]): void {
  let k = 0;
  while (k < toks.length && FILLERS.has(toks[k]!)) k++;
  const joined = toks.join(" ");
  const head = toks.slice(k).join(" ");
  for (const [name, re] of START_PATTERNS) if (re.test(head)) out.push(`${prefix}start:${name}`);
  if (SECOND_FUTURE.test(joined)) out.push(`${prefix}has:you_future`);
  if (FIRST_FUTURE.test(joined)) out.push(`${prefix}has:iwe_future`);
  if (THIRD_FUTURE.test(joined)) out.push(`${prefix}has:3rd_future`);
  if (TIME_WORDS.test(joined)) out.push(`${prefix}has:time`);
}

function lengthBucket(n: number): string {
  return n <= 1 ? "1" : n <= 2 ? "2" : n <= 4 ? "3-4" : n <= 8 ? "5-8" : n <= 16 ? "9-16" : "17+";
}

/** The sparse binary feature names of one DA in its context (deduplicated, order-stable). */
export function actionItemFeatures(text: string, context: ActionItemContext = {}): string[] {
  const out: string[] = [];
  const toks = tokenize(text);
  for (const t of toks) out.push(`w:${t}`);
  const padded = ["<s>", ...toks, "</s>"];
  for (let i = 0; i + 1 < padded.length; i++) out.push(`b:${padded[i]}_${padded[i + 1]}`);
  out.push(`len:${lengthBucket(toks.length)}`);
  shapeFeatures("", toks, out);
  if (context.prev !== undefined) {
    const p = tokenize(context.prev);
    for (const t of p) out.push(`p:${t}`);
    shapeFeatures("p:", p, out);
  }
  if (context.next !== undefined) {
    const n = tokenize(context.next);
    for (const t of n) out.push(`n:${t}`);
    shapeFeatures("n:", n, out);
  }
  if (typeof context.position === "number" && Number.isFinite(context.position)) {
    const pos = Math.min(1, Math.max(0, context.position));
    out.push(`pos:${Math.min(9, Math.floor(pos * 10))}`);
    if (pos >= 0.75) out.push("pos:last_quarter");
  }
  if (context.role) out.push(`role:${context.role.toUpperCase()}`);
  return [...new Set(out)];
}

/** Raw linear score (log-odds) for a feature list under a weight table. */
export function linearScore(features: readonly string[], w: ReadonlyMap<string, number>, bias: number): number {
  let z = bias;
  for (const f of features) z += w.get(f) ?? 0;
  return z;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Probability (0..1) that this dialogue act states an action item, under the embedded AMI-trained model. */
export function scoreActionItem(text: string, context: ActionItemContext = {}): number {
  return sigmoid(linearScore(actionItemFeatures(text, context), weights, model.bias ?? 0));
}

/** scoreActionItem(...) >= threshold (default: the stored threshold for the context given, see actionItemThreshold). */
export function isActionItem(text: string, context: ActionItemContext = {}, threshold: number = actionItemThreshold(context)): boolean {
  return scoreActionItem(text, context) >= threshold;
}
