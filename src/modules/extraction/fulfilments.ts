// Fulfilments: a later conversation says an earlier commitment is done ("as promised I sent…", "thanks for
// the sandbox", "got the SOC 2", "Aisha's template worked", an email that attaches what was promised). Each
// done-statement is linked to the open commitment it best matches by what was delivered (object words,
// with synonyms and a small es→en glossary), by the action (verb class) and by who acted. Pure.
import { makeEvidence, type ExtractionContext } from "./extraction-context.ts";
import type { EarlierCommitment, Fulfilment } from "./extraction.types.ts";
import { findPersonMentions } from "./people.ts";
import { getContentStems, toMatchable, type Span } from "./text-spans.ts";

const PAST_ACTS = "sent|shared|forwarded|attached|finished|completed|built|set|deployed|approved|signed|submitted|talked|spoke|got|pulled|put|walked|wrote|updated|filed|scheduled|booked|translated|mapped|installed|surveyed|had|delivered|ran|did|emailed|called|looped|brought|added|made|reviewed|read|confirmed|tested|opened|prepared|drafted|uploaded|published|created|configured|enabled|granted|gave|provided|handled|took|introduced|checked|fixed|loaded|mailed|posted|passed";
const DONE_CUES: RegExp[] = [
  /\bas (?:promised|i promised|we promised|discussed|agreed)\b/,
  /\blike (?:i|we) (?:said|promised)\b/,
  new RegExp(`\\b(?:i|we|he|she|they)(?:'ve| have| had)?\\s+(?:already\\s+|just\\s+|finally\\s+|also\\s+|actually\\s+)?(?:${PAST_ACTS})\\b`),
  new RegExp(`\\b[a-z]+(?:'s)?\\s+(?:already\\s+|just\\s+|finally\\s+)?(?:${PAST_ACTS})\\s+(?:the|your|our|it|them|both|me|us|over|a|an|his|her|their|out|in)\\b`),
  /\bthanks?(?: you)?(?:,?\s+\w+,?)?\s+for\s+(?:the|your|sending|setting|getting|pulling|sharing|putting|doing|making|following|looping|bringing|walking|all the)\b/,
  /\b(?:got|received|have|has|saw|read|went through|looked at|reviewed)\s+(?:the|your|both|it|all|his|her|their)\b/,
  /\b(?:came|come) (?:through|back|in)\b/,
  /\b(?:is|are|was|were|been|went|got) (?:live|done|sorted|out|running|signed|approved|in place|through|forwarded|sent|shared|delivered)\b/,
  /\b(?:worked|(?:was|were) (?:really |super |very |so )?(?:great|perfect|clear|helpful|useful|exactly))\b/,
  // "Oliver walked Harold through the plan", "Raj sent Dana the summary": verb, person, then the rest.
  new RegExp(`\\b[a-z]+\\s+(?:${PAST_ACTS})\\s+[a-z]+\\s+(?:through|the|your|our|over|a|an)\\b`),
  /\battached (?:is|are)\b|\bi(?:'ve| have) (?:also )?attached\b|\bplease find attached\b|\bin section \d/,
  /\b(?:i|we)(?:'ve| have) been (?:in|using|clicking|playing|testing)\b/,
  /\b(?:i|we) did (?:talk|speak|send|get|review)\b/,
  /\b(?:forwarded|sent) me\b/,
  // Someone joining because the owner arranged it: "Carla asked me to join".
  /\b[a-z]+ asked (?:me|us) to (?:join|come|sit in|step in|cover)\b/,
  /(?<![\p{L}])(?:te|os|le|les|ya)\s+(?:envié|mandé|pasé|enviamos|mandamos|hemos enviado|he enviado|he mandado)(?![\p{L}])|(?<![\p{L}])(?:gracias por|ya está|ya tenemos|ya tengo|recibimos|recibí)(?![\p{L}])/u,
];
const NOT_DONE = /\b(?:will|going to|gonna|'ll|can you|could you|should|haven't|hasn't|didn't|doesn't|don't|does not|do not|not yet|still waiting|waiting on|no news|if you|when you)\b/;

// Older history, beliefs and possession are not news that a commitment was done.
const NOT_NEWS = /\blast (?:time|year)\b|\byears? ago\b|\bin the past\b|\bused to\b|\bi thought\b|\b(?:i|we)'ve got (?:a|an|to|some)\b|\bonce\b/;

export function isDoneStatement(s: Span): boolean {
  let lower = s.lower;
  // "I sent you the proposal like I promised, how did the board take it?": the question is a tail.
  if (/\?\s*$/.test(lower)) {
    const tail = /,\s+(?:how|what|did|does|do|any|can|could|was|were|is|are|and)\b[^,]*\?\s*$/.exec(lower);
    if (!tail) return false;
    lower = lower.slice(0, tail.index);
  }
  if (NOT_NEWS.test(lower)) return false;
  s = { ...s, lower };
  if (!DONE_CUES.some((re) => re.test(s.lower))) return false;
  // "I'll send it once Raj has sent the SOW" talks about the future.
  const notDone = NOT_DONE.exec(s.lower);
  return !notDone || /\b(?:as promised|like (?:i|we) said|like i promised|thanks|thank you)\b/.test(s.lower);
}

// ---- words ----
const NUMBER_WORDS: Record<string, string> = { one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9", ten: "10", twenty: "20" };
/** Near-synonyms and the Spanish words deals use for the same deliverables, folded to one key. */
const SYNONYMS: Record<string, string> = {
  invite: "meeting", invitation: "meeting", calendar: "meeting", meeting: "meeting", session: "meeting", reunion: "meeting", convocatoria: "meeting",
  recap: "recap", summary: "recap", resumen: "recap", note: "recap", minute: "recap", follow: "recap",
  deck: "deck", presentation: "deck", presentacion: "deck", slide: "deck",
  proposal: "proposal", propuesta: "proposal", quote: "proposal", oferta: "proposal",
  access: "access", acceso: "access", login: "access", credential: "access",
  environment: "environment", entorno: "environment",
  mapp: "map", mapeo: "map", mapping: "map",
  caso: "case", uso: "use", urgencia: "emergency", dato: "data", mensaje: "message", prueba: "test",
  cofinanciacion: "financ", financiacion: "financ", financ: "financ", presupuesto: "budget",
  precio: "price", pricing: "price", seguridad: "security", cuestionario: "questionnaire", contrato: "contract",
  plantilla: "template", formulario: "form", informe: "report", pager: "page", spec: "spec", specification: "spec",
};
const GENERIC = new Set(["call", "doc", "document", "list", "thing", "stuff", "team", "plan", "version", "bit", "part", "info", "detail",
  "back", "came", "come", "over", "last", "day", "hard", "stop", "set", "put", "took", "take", "whole", "first", "next", "same", "yesterday", "ago", "already", "done",
  "across", "around", "both", "each", "every", "week", "month", "time", "those", "thing", "same", "other", "year", "quick", "lot", "know", "think", "want", "need", "look", "sure", "good", "great", "way", "kind", "before", "after", "since", "through", "together", "everyone", "guy", "mine", "yours", "esta", "este", "para", "los", "las", "del", "una", "uno", "con", "que", "por"]);
const wordKey = (w: string) => {
  const undoubled = /([bdgmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
  const n = NUMBER_WORDS[undoubled] ?? undoubled;
  return SYNONYMS[n] ?? n;
};

// ---- verbs ----
const IRREGULAR: Record<string, string> = { sent: "send", got: "get", gotten: "get", spoke: "speak", ran: "run", built: "build", wrote: "write", written: "write", did: "do", done: "do", had: "have", took: "take", gave: "give", made: "make", brought: "bring", went: "go", came: "come", told: "tell", met: "meet", saw: "see", paid: "pay", led: "lead" };
const VERB_CLASS: Record<string, string> = {
  send: "send", forward: "send", share: "send", mail: "send", email: "send", deliver: "send", attach: "send", submit: "send",
  mando: "send", mandar: "send", mandamos: "send", envio: "send", enviar: "send", enviara: "send", enviamos: "send", enviare: "send",
  give: "give", grant: "give", provide: "give", paso: "give", pasar: "give", pasamos: "give",
  talk: "talk", speak: "talk", hablo: "talk", hablar: "talk", hablamos: "talk",
  prepare: "prepare", draft: "prepare", write: "prepare", preparo: "prepare", preparamos: "prepare", preparar: "prepare",
  set: "set", setup: "set", configure: "set", install: "set", deploy: "deploy", roll: "deploy",
  walk: "walk", brief: "walk", survey: "survey", approve: "approve", sign: "approve", test: "test", review: "review", check: "review",
  loop: "loop", introduce: "loop", join: "loop", pull: "pull", export: "pull", finish: "finish", complete: "finish", build: "build",
};
const GENERIC_VERBS = new Set(["send", "give", "get", "do", "make", "have", "take", "put"]);
function verbLemma(w: string): string {
  if (IRREGULAR[w]) return IRREGULAR[w];
  let x = w;
  if (x.length > 5 && x.endsWith("ing")) x = x.slice(0, -3);
  else if (x.length > 4 && x.endsWith("ied")) x = `${x.slice(0, -3)}y`;
  else if (x.length > 4 && x.endsWith("ed")) x = x.slice(0, -2);
  else if (x.length > 3 && x.endsWith("s") && !x.endsWith("ss")) x = x.slice(0, -1);
  if (/([bdgmnprt])\1$/.test(x)) x = x.slice(0, -1);
  if (VERB_CLASS[x]) return VERB_CLASS[x];
  if (VERB_CLASS[`${x}e`]) return VERB_CLASS[`${x}e`];
  return x;
}
const foldWords = (text: string) => toMatchable(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").match(/[a-z0-9]+/g) ?? [];

// ---- who acted ----
const PAST_WORD = /^(?:[a-z]+ed|sent|got|did|had|spoke|ran|built|wrote|made|took|gave|put|set|read|brought|came|went)$/;
const RECEIPT = /^(?:got|received|read|saw|have|has|had|went|looked|reviewed)$/;
const NOT_POSSESSED = /^(?:been|got|gone|done|going|not|a|an|the|on|in|out|here|there|stuck|ready|back|with|also|already|just|still|off|away|the|right|fine|good|great|my|our|your|his|her|their|\w+ing|\w+ed)$/;

interface SentenceRoles { agents: Set<string>; mentioned: Set<string>; firstPersonAgent: boolean; firstPersonReceipt: boolean }
const THANKS = /\b(?:thanks?|thank you|gracias)\b/;

function readRoles(ctx: ExtractionContext, s: Span): SentenceRoles {
  const agents = new Set<string>();
  const mentioned = new Set<string>();
  let thanked = false;
  for (const m of findPersonMentions(ctx.people, s.text)) {
    mentioned.add(m.person.id);
    const after = s.lower.slice(m.end);
    const before = s.lower.slice(0, m.start);
    // "Marcus sent it", "Luis had the stack set", "Owen walked me through"
    const verb = /^\s+(?:(?:also|already|just|finally|actually)\s+)?(?:(?:has|had|have)\s+)?([a-z]+)\b/.exec(after);
    const pastVerb = (!!verb && PAST_WORD.test(verb[1])) || /^\s+had\s+(?:the|it|them|his|her)\b/.test(after);
    if (pastVerb) agents.add(m.person.id);
    // "Aisha's template", "Javier's summary", "priya's and raj's"
    const poss = /^'s\b\s*([a-z]*)/.exec(after);
    if (poss && !NOT_POSSESSED.test(poss[1])) agents.add(m.person.id);
    // "the pen test from Priya", "the one-pager Raj sent"
    if (/\bfrom\s*$/.test(before)) agents.add(m.person.id);
    // The one thanked did it: "Beth, thanks for the forms", "thanks Raj for…", "we got the list, thanks".
    if (THANKS.test(s.lower) && (/^(?:(?:and|also|so|oh|yeah|yes|okay|ok|right|but)[,\s]+)*$/.test(before) || /\b(?:thanks?|thank you|gracias),?\s*$/.test(before))) {
      agents.add(m.person.id);
      thanked = true;
    }
  }
  const fp = /\b(?:i|we)(?:'ve| have| had)?\s+(?:already\s+|just\s+|also\s+|finally\s+|actually\s+|did\s+)?([a-z]+)\b/.exec(s.lower);
  const fpWord = fp ? (fp[1] === "did" ? "did" : fp[1]) : "";
  const firstPersonPast = !!fp && (PAST_WORD.test(fpWord) || /^(?:talk|speak|send|get|review)$/.test(fpWord));
  const promised = /\bas (?:i |we )?promised\b|\blike (?:i|we) (?:said|promised)\b/.test(s.lower);
  return {
    agents,
    mentioned,
    firstPersonAgent: !thanked && ((firstPersonPast && !RECEIPT.test(fpWord)) || promised),
    firstPersonReceipt: firstPersonPast && RECEIPT.test(fpWord),
  };
}

interface Candidate { sentenceIndex: number; utteranceIndex: number; sentence: Span; ref: string; score: number; strongAlone: boolean }

interface CommitmentProfile {
  weights: Map<string, number>;
  verb: string;
  /** Roster people named in the commitment (recipient, beneficiary, the person to be brought in). */
  people: Set<string>;
}

/** `onScore` (dev loop only) sees every scored sentence–commitment pair. */
export function findFulfilments(ctx: ExtractionContext, earlier: EarlierCommitment[], onScore?: (quote: string, ref: string, score: number, why: string) => void): Fulfilment[] {
  const prior = earlier.filter((e) => e.conversationFile !== ctx.input.conversation.file && e.startedAt <= ctx.input.conversation.startedAt);
  if (prior.length === 0) return [];
  const names = [...ctx.people.roster.map((p) => p.name), ...ctx.people.orgs.map((o) => o.name)].join(" ");
  const nameWords = new Set(getContentStems(names).map(wordKey));
  const keysOf = (text: string, numbers = true, join = false) => {
    const stems = getContentStems(text);
    // "stack set" is the "StackSet" that was promised.
    const joined = join ? stems.slice(1).map((w, k) => stems[k] + w) : [];
    return new Set([...stems, ...joined].map(wordKey).filter((w) => !GENERIC.has(w) && !nameWords.has(w) && (numbers || !/^\d+$|^(?:hundr|thousand|forty|fifty|sixty|seventy|eighty|ninety|thirty)/.test(w))));
  };
  const profiles: CommitmentProfile[] = prior.map((e) => {
    const weights = new Map<string, number>();
    const add = (text: string, w: number, numbers = true) => { for (const k of keysOf(text, numbers)) weights.set(k, Math.max(weights.get(k) ?? 0, w)); };
    add(e.commitment.context ?? "", 0.4, false);
    add(e.commitment.evidence.quote, 1);
    add(e.commitment.text, 1.5);
    // Only people named in the undertaking itself: the request around it names too many.
    const people = new Set(findPersonMentions(ctx.people, `${e.commitment.text} ${e.commitment.evidence.quote}`).map((m) => m.person.id));
    if (e.commitment.ownerPersonId) people.delete(e.commitment.ownerPersonId);
    return { weights, verb: verbLemma(foldWords(e.commitment.text)[0] ?? ""), people };
  });
  const df = new Map<string, number>();
  for (const p of profiles) for (const w of p.weights.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (w: string) => Math.log(1 + prior.length / (df.get(w) ?? 1));

  const candidates: Candidate[] = [];
  let sentenceIndex = 0;
  for (let i = 0; i < ctx.utterances.length; i++) {
    const speaker = ctx.speakers[i];
    const sentences = ctx.sentences[i];
    for (let k = 0; k < sentences.length; k++) {
      const s = sentences[k];
      sentenceIndex++;
      if (!isDoneStatement(s)) continue;
      const words = keysOf(s.text, true, true);
      // "Marcus sent it over": what "it" is lives in the sentence before.
      const prev = k > 0 ? sentences[k - 1].text : i > 0 ? (ctx.sentences[i - 1].at(-1)?.text ?? "") : "";
      const prevWords = keysOf(prev);
      const verbs = new Set(foldWords(s.text).map(verbLemma));
      const roles = readRoles(ctx, s);
      const days = new Set(foldWords(s.text).map((w) => WEEKDAYS[w]).filter((d) => d != null));
      const promised = /\b(?:as (?:i |we )?promised|like (?:i|we) (?:said|promised))\b/.test(s.lower);
      prior.forEach((e, n) => {
        const prof = profiles[n];
        let overlap = 0, direct = 0;
        const hits: string[] = [];
        for (const [w, weight] of prof.weights) {
          if (words.has(w)) { direct += idf(w) * weight; hits.push(w); }
          else if (prevWords.has(w)) { overlap += idf(w) * weight * 0.4; hits.push(`(${w})`); }
        }
        overlap += direct;
        const verbHit = prof.verb && verbs.has(prof.verb) ? (GENERIC_VERBS.has(prof.verb) ? 0.3 : 0.7) : 0;
        const owner = e.commitment.ownerPersonId;
        let who = 0;
        const agentIsNamed = [...roles.agents].some((a) => prof.people.has(a));
        if (owner && roles.agents.has(owner)) who += 1.5;
        else if (owner && speaker?.id === owner && roles.firstPersonAgent) who += 1.5;
        else if (owner && roles.mentioned.has(owner)) who += 0.9;
        else if (roles.agents.size > 0 && !agentIsNamed) who -= 1;
        // The person the commitment was for (or about) speaks or is named: "Beth, thanks for…", "I got Tracy on".
        const others = [...roles.mentioned].filter((p) => p !== owner && prof.people.has(p));
        if (others.length) who += 0.6;
        if (speaker && speaker.id !== owner && prof.people.has(speaker.id)) who += 0.5;
        if (promised && owner) who += speaker?.id === owner ? 0.8 : -1;
        // Said on the day it was due: "I sent it over on Thursday".
        if (e.commitment.due && days.has(weekdayOf(e.commitment.due))) who += 0.4;
        const score = overlap + verbHit + who;
        onScore?.(s.text, e.ref, Math.round(score * 100) / 100, `${hits.join(",")} v=${verbHit} who=${who.toFixed(1)}`);
        // Shared words alone, with nobody tied to the commitment, must be many.
        const grounded = who > 0 || verbHit > 0 || overlap >= 3;
        if (grounded && (overlap > 0 || verbHit > 0 || others.length > 0 || who >= 1.9)) {
          candidates.push({ sentenceIndex, utteranceIndex: i, sentence: s, ref: e.ref, score, strongAlone: direct >= 2 && who >= 1.5 });
        }
      });
    }
  }
  // Greedy: best-scoring links first; each commitment is fulfilled once, a sentence may close several.
  candidates.sort((a, b) => b.score - a.score);
  const usedRefs = new Set<string>();
  const best = new Map<number, number>();
  const out: Fulfilment[] = [];
  for (const c of candidates) {
    if (c.score < MIN_SCORE || usedRefs.has(c.ref)) continue;
    const top = best.get(c.sentenceIndex);
    if (top != null && c.score < top * 0.8 && !(c.strongAlone && c.score >= 4.5)) continue;
    if (top == null) best.set(c.sentenceIndex, c.score);
    usedRefs.add(c.ref);
    out.push({
      commitmentRef: c.ref,
      evidence: makeEvidence(ctx, c.utteranceIndex, c.sentence.start, c.sentence.end),
      confidence: Math.min(0.9, 0.4 + c.score / 8),
    });
  }
  return out.sort((a, b) => a.evidence.seq - b.evidence.seq);
}

const MIN_SCORE = 1.95;
const WEEKDAYS: Record<string, number> = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, domingo: 0, lunes: 1, martes: 2, miercoles: 3, jueves: 4, viernes: 5, sabado: 6 };
const weekdayOf = (ymd: string) => new Date(`${ymd}T12:00:00Z`).getUTCDay();
