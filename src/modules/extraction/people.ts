// Finding the deal's people in what was said: full names, first names, and who "I"/"we" is. Pure.
import type { RosterPerson } from "../conversations/conversation.ts";
import type { Side } from "../../shared/sides.ts";
import type { ExtractionOrg, ExtractionUtterance } from "./extraction.types.ts";
import { toMatchable } from "./text-spans.ts";

export interface PersonMention { person: RosterPerson; start: number; end: number; isFullName: boolean }

export interface PeopleIndex {
  roster: RosterPerson[];
  byId: Map<string, RosterPerson>;
  /** Regex over lower-cased text; groups resolved through `byKey`. */
  re: RegExp | null;
  byKey: Map<string, RosterPerson>;
  orgs: ExtractionOrg[];
}

const fold = (s: string) => toMatchable(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
const esc = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// First names that are also common words are only trusted when capitalised (or as a full name).
const AMBIGUOUS_FIRST = new Set(["will", "mark", "grace", "hope", "joy", "may", "don", "art", "bill", "pat", "rob", "sue", "max", "sky", "summer", "june", "april", "faith", "rose", "dawn", "chase", "case", "jack", "frank", "lane", "ray", "dean", "guy", "gene", "sandy", "rich", "herb", "miles"]);

export function createPeopleIndex(roster: RosterPerson[], orgs: ExtractionOrg[]): PeopleIndex {
  const byKey = new Map<string, RosterPerson>();
  const firstCount = new Map<string, number>();
  for (const p of roster) {
    const first = fold(p.name).split(/\s+/)[0];
    firstCount.set(first, (firstCount.get(first) ?? 0) + 1);
  }
  for (const p of roster) {
    const full = fold(p.name);
    byKey.set(full, p);
    const first = full.split(/\s+/)[0];
    if (first.length >= 2 && firstCount.get(first) === 1) byKey.set(first, p);
  }
  const keys = [...byKey.keys()].sort((a, b) => b.length - a.length);
  const re = keys.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(${keys.map(esc).join("|")})(?![\\p{L}\\p{N}])`, "gu")
    : null;
  return { roster, byId: new Map(roster.map((p) => [p.id, p])), re, byKey, orgs };
}

/** People named in `text`, left to right. Folding keeps length for Latin names, so offsets hold. */
export function findPersonMentions(index: PeopleIndex, text: string): PersonMention[] {
  if (!index.re) return [];
  const folded = fold(text);
  const aligned = folded.length === text.length;
  const out: PersonMention[] = [];
  index.re.lastIndex = 0;
  for (let m = index.re.exec(folded); m; m = index.re.exec(folded)) {
    const person = index.byKey.get(m[1]);
    if (!person) continue;
    const isFullName = m[1].includes(" ");
    if (!isFullName && AMBIGUOUS_FIRST.has(m[1]) && aligned && !/^\p{Lu}/u.test(text.slice(m.index))) continue;
    // "Don't", "Won't": a name followed by a negative contraction is the word, not the person.
    if (!isFullName && /^['’]t\b/.test(folded.slice(m.index + m[0].length))) continue;
    out.push({ person, start: m.index, end: m.index + m[0].length, isFullName });
  }
  return out;
}

export function findPersonByName(index: PeopleIndex, name: string): RosterPerson | null {
  return index.byKey.get(fold(name)) ?? null;
}

export function getSpeakerPerson(index: PeopleIndex, u: ExtractionUtterance): RosterPerson | null {
  if (u.personId) return index.byId.get(u.personId) ?? null;
  if (u.speakerName) return findPersonByName(index, u.speakerName);
  return null;
}

export function getSpeakerSide(index: PeopleIndex, u: ExtractionUtterance): Side | null {
  return u.side ?? getSpeakerPerson(index, u)?.side ?? null;
}

/** Each org's name patterns (full name, first word), compiled once per index: this runs for most sentences. */
const orgPatterns = new WeakMap<PeopleIndex, Array<{ org: ExtractionOrg; res: RegExp[] }>>();
function getOrgPatterns(index: PeopleIndex) {
  let list = orgPatterns.get(index);
  if (!list) {
    list = index.orgs.map((org) => ({
      org,
      res: [org.name, org.name.split(/\s+/)[0]].map(fold).filter((n) => n.length >= 3)
        .map((n) => new RegExp(`(?<![\\p{L}\\p{N}])${esc(n)}(?![\\p{L}\\p{N}])`, "u")),
    }));
    orgPatterns.set(index, list);
  }
  return list;
}

/** The org whose name appears at `text`'s start, e.g. "Stratus will run…". */
export function findOrgMention(index: PeopleIndex, text: string): ExtractionOrg | null {
  if (index.orgs.length === 0) return null;
  const t = fold(text);
  for (const { org, res } of getOrgPatterns(index)) {
    for (const re of res) if (re.test(t)) return org;
  }
  return null;
}
