// Question understanding (pure): which part of the record a question is about, who it names,
// which side it means, and the topic words left over for full-text retrieval.
import type { Side } from "../../shared/sides.ts";
import { buildTermGroups, type TermGroup } from "./synonyms.ts";
import { allStems, isStopword, words } from "./text.ts";

export type Intent = "dropped" | "commitments" | "objections" | "risks" | "stakeholders" | "decisions" | "fulfilments" | "first" | "last" | "said" | "approval";

export interface RosterPerson { id: string; name: string; title: string | null; side: Side | null; orgId: string | null }
export interface RosterOrg { id: string; name: string; side: Side }

export interface ParsedQuestion {
  text: string;
  intents: Intent[];
  /** Sides the question restricts to ("we" → ours, "the buyer", "the partner", or a named org's side). */
  sides: Side[];
  orgIds: string[];
  personIds: string[];
  status: "open" | "done" | null;
  resolved: boolean;
  /** What is left of the question once intent words, names and orgs are taken out. */
  topic: string;
  groups: TermGroup[];
  phrases: string[][];
}

const INTENTS: Array<[Intent, RegExp]> = [
  ["dropped", /\b(fell|fall(s|en)?|slipp(ed|ing)) (between|through)\b|\bdropped( the ball)?\b|\b(nobody|no one) (owned|owns|took)\b|\bbetween (the )?(teams|sides|companies)\b/],
  ["commitments", /\b(commit(s|ted|ments?)?|promis(e|ed|es)|owns?|owner|still open|outstanding|next steps|action items|follow[- ]ups?|deliver(ed|ables?)?|finished|on the hook)\b/],
  ["objections", /\b(objections?|concerns?|push(ed)?[- ]?back|hesitations?|worries|worried)\b/],
  ["risks", /\b(risks?|could (delay|derail|block|kill|slip)|jeopardi[sz]e|threats?|red flags?)\b/],
  ["stakeholders", /\b(champion|stakeholders?|decision[- ]makers?|economic buyer|point of contact|who is|who's)\b/],
  ["approval", /\b(approv(e|es|al|er)|sign(s|ed|-?off)?|signature|authori[sz]e)\b/],
  ["decisions", /\b(decid(e|ed)|decisions?|agreed|settled on)\b/],
  ["fulfilments", /\b(delivered|done|finished|completed|sent|has it delivered)\b/],
  ["first", /\bfirst (mention|raise|bring|brought|ask|talk|say|said)|\bwhen did\b.*\bfirst\b|\bfirst time\b/],
  ["last", /\b(last|most recent(ly)?|latest) (mention|time|said|update)|\bwhen did\b.*\blast\b/],
  ["said", /\bwhat (did|does|has) .+ (say|said|think|mention)|\bwhat did they say\b/],
];

const SIDE_WORDS: Array<[Side, RegExp]> = [
  ["ours", /\b(we|our side|us|our team|our company)\b/],
  ["partner", /\b(the partner|partner's|partners?)\b/],
  ["buyer", /\b(the buyer|buyer's|buyers?|the customer|customer's|the client|the prospect)\b/],
];

// Words that steer intent but name no topic.
const STRIP = new Set(("commit commits committed commitment commitments promise promised objection objections concern concerns risk risks " +
  "deal this account co sell cosell call calls conversation conversations side first last mention mentioned mentions raise raised " +
  "still open outstanding resolve resolved come came up when present presented presenting finish finished has what who which whom owns own owner " +
  "say said think stakeholder stakeholders delivered deliver done buyer partner customer client we our us did does is are was " +
  "could delay derail anything happen happened tell me about the a an").split(" "));

const norm = (s: string) => words(s).join(" ");

function containsPhrase(hay: string, needle: string): boolean {
  return needle.length > 1 && ` ${hay} `.includes(` ${needle} `);
}

/** Names a question uses for a person: full name, first name or last name (only when unambiguous). */
function personMatches(q: string, roster: RosterPerson[]): { ids: string[]; used: string[] } {
  const ids = new Set<string>(), used: string[] = [];
  const parts = roster.map((p) => norm(p.name).split(" "));
  roster.forEach((p, i) => {
    const full = parts[i]!.join(" ");
    if (containsPhrase(q, full)) { ids.add(p.id); used.push(full); return; }
    for (const w of [parts[i]![0]!, parts[i]!.at(-1)!]) {
      if (w.length < 3) continue;
      const shared = parts.filter((x) => x[0] === w || x.at(-1) === w).length;
      if (shared === 1 && containsPhrase(q, w)) { ids.add(p.id); used.push(w); }
    }
    const title = norm(p.title ?? "");
    if (title && containsPhrase(q, title)) { ids.add(p.id); used.push(title); }
  });
  return { ids: [...ids], used };
}

function orgMatches(q: string, orgs: RosterOrg[]): { orgs: RosterOrg[]; used: string[] } {
  const found: RosterOrg[] = [], used: string[] = [];
  for (const o of orgs) {
    const n = norm(o.name);
    const first = n.split(" ")[0]!;
    const hit = containsPhrase(q, n) ? n : first.length >= 4 && containsPhrase(q, first) ? first : null;
    if (hit) { found.push(o); used.push(hit); }
  }
  return { orgs: found, used };
}

export function parseQuestion(question: string, roster: RosterPerson[] = [], orgs: RosterOrg[] = []): ParsedQuestion {
  const q = norm(question);
  const intents = INTENTS.filter(([, re]) => re.test(q)).map(([i]) => i);
  if (intents.includes("objections") && intents.includes("risks") && !/\brisks?\b/.test(q)) intents.splice(intents.indexOf("risks"), 1);
  const people = personMatches(q, roster);
  const org = orgMatches(q, orgs);
  const sides = new Set<Side>();
  for (const [side, re] of SIDE_WORDS) if (re.test(q)) sides.add(side);
  // "our champion" is the buyer's person who champions us; "we/us" only restricts commitments.
  if (!intents.includes("commitments")) sides.delete("ours");
  // "when the partner presented pricing" sets the scene; it does not restrict who raised the objection.
  if (intents.includes("objections") && /\bwhen the (partner|buyer|customer)\b/.test(q)) { sides.delete("partner"); sides.delete("buyer"); }
  for (const o of org.orgs) if (!intents.includes("objections") || !/resolv/.test(q)) sides.add(o.side);
  const status = /\b(still open|outstanding|open|pending|not yet|remaining)\b/.test(q) ? "open"
    : /\b(done|delivered|finished|completed)\b/.test(q) && !intents.includes("commitments") ? "done" : null;
  let topic = ` ${q} `;
  for (const u of [...people.used, ...org.used].sort((a, b) => b.length - a.length)) topic = topic.split(` ${u} `).join(" ");
  const kept = topic.trim().split(" ").map((w) => (w && !STRIP.has(w) ? w : ""));
  const topicText = kept.filter(Boolean).join(" ");
  const groups = buildTermGroups(topicText);
  // "while Carla is out", "now that Jamal is away": the question is about someone's absence and their handover.
  if (/\b(is|are|was|goes|going) (out|away|off|leaving|on leave)\b|\bon (medical |parental )?leave\b/.test(q) && !groups.some((g) => g.alts.some((a) => a.text === "leaving"))) {
    groups.push(...buildTermGroups("leaving"));
  }
  // Runs of adjacent kept words ("security questionnaire", "point of contact") count as exact phrases.
  const phrases = kept.join(" ").split(/\s{2,}/).map((run) => {
    const ws = run.trim().split(" ").filter(Boolean);
    while (ws.length && isStopword(ws[0]!)) ws.shift();
    while (ws.length && isStopword(ws.at(-1)!)) ws.pop();
    return ws;
  }).filter((ws) => ws.length > 1).map((ws) => allStems(ws.join(" ")));
  return {
    text: question, intents, sides: [...sides], orgIds: org.orgs.map((o) => o.id), personIds: people.ids,
    status, resolved: /\bresolv/.test(q), topic: topicText, groups, phrases,
  };
}
