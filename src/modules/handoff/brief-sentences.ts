// Picks the intro sentences that state the problem, the reason to act now and the next
// step, and reads the requested-by date and urgency from them. A single well-chosen
// sentence beats a paragraph, so each field quotes one sentence (the next step may take
// the sentence after it when that one says who joins the call). Pure, no I/O.
import type { Field, Urgency } from "./deal-brief.ts";
import { emptyField, makeField } from "./deal-brief.ts";
import type { MessageView } from "./brief-messages.ts";
import type { Sentence } from "./brief-text.ts";
import type { DateMention } from "./brief-dates.ts";
import { daysBetween, findDateMentions } from "./brief-dates.ts";
import {
  HIGH_URGENCY_CUES, INTRODUCTION_CUES, LOW_URGENCY_CUES, MEDIUM_URGENCY_CUES, NEXT_STEP_CUES, PAIN_CUES,
  WHY_NOW_CUES, scoreCues,
} from "./brief-cues.ts";

export interface ScoredSentence {
  sentence: Sentence;
  message: MessageView;
  dates: DateMention[];
  pain: number;
  whyNow: number;
  nextStep: number;
  intro: number;
}

export interface SentencePicks {
  problem: Field<string | null>;
  whyNow: Field<string | null>;
  expectedNextStep: Field<string | null>;
  requestedBy: Field<string | null>;
  urgency: Field<Urgency>;
}

const isRequest = (t: string) => /\?\s*$/.test(t) || /^(please|let's|let us)\b/i.test(t);

export function scoreSentences(context: MessageView[], refYmd: string | null): ScoredSentence[] {
  const out: ScoredSentence[] = [];
  for (const message of context) {
    const ref = message.dateYmd ?? refYmd;
    for (const sentence of message.sentences) {
      const t = sentence.text;
      const dates = ref ? findDateMentions(t, ref) : [];
      const intro = scoreCues(t, INTRODUCTION_CUES);
      const request = isRequest(t);
      const futureDates = ref ? dates.filter((d) => daysBetween(ref, d.ymd) >= 0) : [];
      const pastMonths = ref ? dates.filter((d) => d.isMonthOnly && daysBetween(ref, d.ymd) < 0) : [];
      // Past-month words ("in March they lost a shift") read as the event that triggered the deal.
      const pastEvent = /\b(in|last|since|after)\s+(january|february|march|april|may|june|july|august|september|october|november|december|month|week|quarter|year)\b/i.test(t) ? 1 : 0;
      let whyNow = scoreCues(t, WHY_NOW_CUES) + 2 * futureDates.filter((d) => !d.isDeadline || d.isMonthOnly || daysBetween(ref!, d.ymd) > 14).length + pastMonths.length + pastEvent;
      let nextStep = scoreCues(t, NEXT_STEP_CUES) + (request ? 2 : 0) + (futureDates.some((d) => d.isDeadline) ? 1 : 0);
      let pain = scoreCues(t, PAIN_CUES);
      if (request) { pain -= 3; whyNow -= 2; }
      if (!request && nextStep < 5) nextStep -= 2;
      pain -= intro;
      whyNow -= intro;
      // The buyer's own words in a forwarded note are the best account of their pain.
      if (message.isInner && pain > 0) pain += 1;
      out.push({ sentence, message, dates, pain, whyNow, nextStep, intro });
    }
  }
  return out;
}

function pickBest(items: ScoredSentence[], key: "pain" | "whyNow" | "nextStep", min: number, preferLate = false): ScoredSentence | null {
  let best: ScoredSentence | null = null;
  for (const s of items) {
    if (s[key] < min) continue;
    if (!best || s[key] > best[key] || (preferLate && s[key] === best[key])) best = s;
  }
  return best;
}

/** The clause of a long sentence that holds its time cue: the part that says why now. */
function trimToTimeClause(text: string): string {
  const clauses = text.split(/(?:;|\s+--?\s+|\s+—\s+|,\s+(?=(?:and|but|so|which|because|y|pero|und|aber|e|mas)\b))/);
  if (clauses.length < 2) return text;
  const scored = clauses.map((c) => ({ c, s: scoreCues(c, WHY_NOW_CUES) + (/\b(in|last|after|since|before|on|by)\s+\p{Lu}/u.test(c) ? 2 : 0) }));
  const best = scored.reduce((a, b) => (b.s > a.s ? b : a));
  return best.s > 0 ? best.c.trim().replace(/^(and|but|so|y|pero|und|aber|e|mas)\s+/i, "") : text;
}

function rateUrgency(all: ScoredSentence[], requestedBy: string | null, refYmd: string | null): Field<Urgency> {
  for (const s of all) {
    const t = s.sentence.text;
    const high = HIGH_URGENCY_CUES.find((re) => re.test(t));
    if (!high) continue;
    // A hard deadline half a year out is not urgent yet.
    const ref = s.message.dateYmd ?? refYmd;
    const far = ref && s.dates.length > 0 && s.dates.every((d) => daysBetween(ref, d.ymd) > 180);
    return makeField<Urgency>(far ? "medium" : "high", far ? 0.5 : 0.75, t);
  }
  const low = all.find((s) => LOW_URGENCY_CUES.some((re) => re.test(s.sentence.text)));
  if (low) return makeField<Urgency>("low", 0.7, low.sentence.text);
  const medium = all.find((s) => MEDIUM_URGENCY_CUES.some((re) => re.test(s.sentence.text)) || s.dates.length > 0);
  if (requestedBy || medium) return makeField<Urgency>("medium", 0.6, medium?.sentence.text ?? null);
  return makeField<Urgency>("low", 0.5, null);
}

export function pickSentences(context: MessageView[], refYmd: string | null): SentencePicks {
  const all = scoreSentences(context, refYmd);
  const introMsg = context[0];
  const fromIntro = all.filter((s) => s.message === introMsg);

  // The request is the partner's: look in the intro itself, latest request wins ties.
  const next = pickBest(fromIntro, "nextStep", 3, true) ?? pickBest(all, "nextStep", 3, true);
  let nextText: string | null = null;
  let requestedBy: Field<string | null> = emptyField(null);
  if (next) {
    const sentences = next.message.sentences;
    const follow = sentences[next.sentence.index + 1];
    nextText = next.sentence.text;
    // "Dana would like Marcus Okafor, her IT director, on that first call." says who joins.
    if (follow && follow.paragraph === next.sentence.paragraph &&
      /\b(call|meeting|session|demo|invite|join|include|bring|llamada|reuni[óo]n|sesi[óo]n|termin|gespr[äa]ch|reuni[ãa]o|chamada)\b/i.test(follow.text) &&
      !/\?\s*$/.test(follow.text)) {
      nextText = `${nextText} ${follow.text}`;
    }
    const scored = all.find((s) => s.sentence === follow);
    const dated = next.dates.filter((d) => !d.isMonthOnly);
    const candidates = dated.length ? dated : (scored && follow && follow.text.split(/\s+/).length <= 10 ? scored.dates.filter((d) => !d.isMonthOnly) : []);
    const pick = candidates.find((d) => d.isDeadline) ?? candidates[0];
    if (pick) requestedBy = makeField<string | null>(pick.ymd, pick.isDeadline ? 0.85 : 0.65, pick.text);
  }

  const rest = all.filter((s) => s !== next);
  const problem = pickBest(rest, "pain", 2);
  let why = pickBest(rest.filter((s) => s !== problem), "whyNow", 3);
  let whyText = why?.sentence.text ?? null;
  if (!why && problem && problem.whyNow >= 2) {
    // The only reason to act is the event in the problem sentence: quote its time clause.
    why = problem;
    whyText = trimToTimeClause(problem.sentence.text);
  }

  return {
    problem: problem ? makeField<string | null>(problem.sentence.text, Math.min(0.9, 0.4 + problem.pain / 10), problem.sentence.text) : emptyField(null),
    whyNow: why && whyText ? makeField<string | null>(whyText, Math.min(0.85, 0.35 + why.whyNow / 10), whyText) : emptyField(null),
    expectedNextStep: next && nextText ? makeField<string | null>(nextText, Math.min(0.9, 0.4 + next.nextStep / 12), nextText) : emptyField(null),
    requestedBy,
    urgency: rateUrgency(all, requestedBy.value, refYmd),
  };
}
