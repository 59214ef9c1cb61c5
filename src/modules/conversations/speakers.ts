// Speaker resolution: map each transcript label to a roster person, from the label itself
// (exact, normalised, "Last, First", e-mail, phone) or, for "Speaker 2"-style labels, from what was said.
import type { EmailAddress, ParsedUtterance, RosterPerson } from "./conversation.ts";
import { buildNameIndex, findNameCues } from "./speaker-cues.ts";
import type { NameCue } from "./speaker-cues.ts";
import { isGenericLabel, matchLabelDirectly, stripLabelDecorations } from "./speaker-names.ts";

export type SpeakerMethod =
  | "exact" | "normalised" | "first-name" | "last-first" | "email" | "phone" | "self-intro"
  | "addressed" | "elimination" | "unresolved";

export interface SpeakerEvidence { seq: number; quote: string }
export interface SpeakerResolution { personId: string | null; confidence: number; method: SpeakerMethod; evidence?: SpeakerEvidence }
export interface ProposedPerson { label: string; name: string; evidence: SpeakerEvidence }
export interface ResolvedSpeakers {
  bySpeakerLabel: Record<string, SpeakerResolution>;
  proposedPeople: ProposedPerson[];
  unresolved: string[];
}

const SELF_INTRO_SCORE = 10;
const THANKS = /\b(?:thanks|thank you|thx|gracias|danke|merci|obrigad[oa]|grazie|bedankt)\b/i;
const ACKNOWLEDGEMENT = /^\W*(?:(?:yeah|yes|oh|ah|ha|um|uh|sure|well)\W+)*(?:no problem|no worries|you'?re welcome|my pleasure|of course|happy to|anytime|any time|sure thing|de nada|no hay de qu[eé]|con gusto|gern geschehen|gerne|bitte|de rien|avec plaisir|de nada|por nada|prego|graag gedaan)\b/i;
const EXCLUDED = -100;

interface Candidate { score: number; evidence?: SpeakerEvidence; isSelfIntro: boolean }

/**
 * emailParticipants: the people on the deal's e-mail thread or invite. They let an e-mail display name
 * resolve through its address, and they are the likelier attendees when only elimination is left.
 */
export function resolveSpeakers(input: {
  utterances: ParsedUtterance[];
  roster: RosterPerson[];
  emailParticipants?: EmailAddress[];
}): ResolvedSpeakers {
  const { utterances, roster } = input;
  const participants = input.emailParticipants ?? [];
  const labels = [...new Set(utterances.map((u) => u.speakerLabel).filter((l): l is string => l !== null))];
  const bySpeakerLabel: Record<string, SpeakerResolution> = {};
  const claimed = new Set<string>();

  for (const label of labels) {
    const direct = matchLabelDirectly(label, roster, participants);
    if (direct && !claimed.has(direct.personId)) {
      bySpeakerLabel[label] = { personId: direct.personId, confidence: direct.confidence, method: direct.method };
      claimed.add(direct.personId);
    }
  }

  const open = labels.filter((l) => !bySpeakerLabel[l]);
  const cues = findNameCues(utterances, buildNameIndex(roster));
  const scores = scoreCandidates(utterances, cues, open);
  const absent = new Set(cues.filter((c) => c.kind === "absent" && c.personIds.length === 1).map((c) => c.personIds[0]));
  assignGreedily(scores, open, claimed, bySpeakerLabel);
  assignByElimination({ utterances, roster, participants, cues, scores, open, claimed, absent, bySpeakerLabel });

  for (const label of labels) bySpeakerLabel[label] ??= { personId: null, confidence: 0, method: "unresolved" };
  const unresolved = labels.filter((l) => bySpeakerLabel[l].personId === null);
  return { bySpeakerLabel, proposedPeople: proposePeople(utterances, unresolved), unresolved };
}

function scoreCandidates(utterances: ParsedUtterance[], cues: NameCue[], open: string[]): Map<string, Map<string, Candidate>> {
  const scores = new Map<string, Map<string, Candidate>>(open.map((l) => [l, new Map()]));
  const bySeq = new Map(utterances.map((u, i) => [u.seq, i]));
  const add = (label: string | null, personId: string, delta: number, evidence: SpeakerEvidence | undefined, isSelfIntro = false) => {
    const row = label === null ? undefined : scores.get(label);
    if (!row) return;
    const current = row.get(personId) ?? { score: 0, isSelfIntro: false };
    if (current.score <= EXCLUDED) return;
    row.set(personId, {
      score: delta <= EXCLUDED ? EXCLUDED : current.score + delta,
      evidence: isSelfIntro && !current.isSelfIntro ? evidence : current.evidence ?? evidence,
      isSelfIntro: current.isSelfIntro || isSelfIntro,
    });
  };
  for (const cue of cues) {
    const index = bySeq.get(cue.seq);
    if (index === undefined) continue;
    const speaker = utterances[index].speakerLabel;
    const evidence = { seq: cue.seq, quote: cue.quote };
    if (cue.kind === "self-intro") {
      // A first name shared by two roster people proves nothing on its own.
      if (cue.personIds.length === 1) add(speaker, cue.personIds[0], SELF_INTRO_SCORE, evidence, true);
      continue;
    }
    // People do not address or talk about themselves by name.
    for (const id of cue.personIds) add(speaker, id, EXCLUDED, undefined);
    if (cue.personIds.length !== 1) continue;
    const next = utterances[index + 1]?.speakerLabel ?? null;
    const previous = utterances[index - 1]?.speakerLabel ?? null;
    // "Luis got the stack set up, thank you for that" — "no problem": whoever accepts the thanks is Luis.
    if (next !== speaker && THANKS.test(utterances[index].text) && ACKNOWLEDGEMENT.test(utterances[index + 1]?.text ?? "")) {
      add(next, cue.personIds[0], 2, evidence);
    }
    if (cue.kind !== "vocative") continue;
    // "thanks Kevin" / "go ahead, Tom": Kevin most likely speaks next, or just spoke.
    if (next !== speaker) add(next, cue.personIds[0], 2, evidence);
    if (previous !== speaker && previous !== next) add(previous, cue.personIds[0], 1, evidence);
  }
  return scores;
}

function assignGreedily(
  scores: Map<string, Map<string, Candidate>>,
  open: string[],
  claimed: Set<string>,
  out: Record<string, SpeakerResolution>,
): void {
  for (;;) {
    let best: { label: string; personId: string; candidate: Candidate } | null = null;
    for (const label of open) {
      if (out[label]) continue;
      const ranked = [...(scores.get(label) ?? new Map<string, Candidate>()).entries()]
        .filter(([id, c]) => !claimed.has(id) && c.score > 0)
        .sort((a, b) => b[1].score - a[1].score);
      const [top, second] = ranked;
      if (!top) continue;
      const [personId, candidate] = top;
      // Weak (addressed-only) signals count only when clearly ahead of the next candidate.
      const isClear = candidate.isSelfIntro ? !(second?.[1].isSelfIntro && second[1].score >= candidate.score) : candidate.score >= 2 && (!second || candidate.score - second[1].score >= 2);
      if (!isClear) continue;
      // The same person must not be the clear pick for a stronger label.
      if (!best || candidate.score > best.candidate.score) best = { label, personId, candidate };
    }
    if (!best) return;
    const { label, personId, candidate } = best;
    out[label] = {
      personId,
      confidence: candidate.isSelfIntro ? 0.9 : Math.min(0.8, 0.4 + 0.1 * candidate.score),
      method: candidate.isSelfIntro ? "self-intro" : "addressed",
      evidence: candidate.evidence,
    };
    claimed.add(personId);
  }
}

/**
 * When a single unnamed label is left, pick the one roster person still possible: not claimed, not
 * named by that speaker, not said to be absent; people on the thread first, people only talked about last.
 */
function assignByElimination(ctx: {
  utterances: ParsedUtterance[]; roster: RosterPerson[]; participants: EmailAddress[]; cues: NameCue[];
  scores: Map<string, Map<string, Candidate>>; open: string[]; claimed: Set<string>; absent: Set<string>;
  bySpeakerLabel: Record<string, SpeakerResolution>;
}): void {
  const left = ctx.open.filter((l) => !ctx.bySpeakerLabel[l] && isGenericLabel(l));
  if (left.length !== 1 || ctx.open.some((l) => !ctx.bySpeakerLabel[l] && !isGenericLabel(l))) return;
  const label = left[0];
  const row = ctx.scores.get(label) ?? new Map<string, Candidate>();
  const onThread = new Set(ctx.participants.map((p) => p.address.toLowerCase()));
  const mentionedByOthers = new Map<string, number>();
  for (const cue of ctx.cues) if (cue.kind === "mention" && cue.personIds.length === 1) mentionedByOthers.set(cue.personIds[0], (mentionedByOthers.get(cue.personIds[0]) ?? 0) + 1);
  const ranked = ctx.roster
    .filter((p) => !ctx.claimed.has(p.id) && !ctx.absent.has(p.id) && (row.get(p.id)?.score ?? 0) > EXCLUDED)
    .map((p) => ({ id: p.id, score: (p.emails.some((e) => onThread.has(e.toLowerCase())) ? 2 : 0) - Math.min(1, mentionedByOthers.get(p.id) ?? 0) }))
    .sort((a, b) => b.score - a.score);
  const [top, second] = ranked;
  if (!top || (second && second.score >= top.score)) return;
  ctx.bySpeakerLabel[label] = { personId: top.id, confidence: 0.35, method: "elimination" };
  ctx.claimed.add(top.id);
}

const NOT_NAMES = new Set(["sure", "sorry", "happy", "glad", "not", "just", "here", "good", "fine", "back", "still", "really", "afraid", "excited", "calling", "going", "looking", "working", "on", "in", "the", "a", "an", "so", "also", "very", "from", "with", "at", "joining", "done", "ready", "okay", "ok", "great", "new", "late", "muted", "driving", "dialing", "dialling"]);
const INTRO_NAME = /\b(?:[Tt]his is|I'm|I am|[Mm]y name is|[Ss]oy|[Mm]e llamo|[Ii]ch bin|[Jj]e suis|[Ss]ou|[Ee]u sou)\s+(\p{Lu}[\p{L}'’-]+(?:\s\p{Lu}[\p{L}'’-]+)?)/u;
const NAME_HERE = /^(?:(?:Hi|Hey|Hello|Morning|Good morning|Hi all|Hi everyone|Hey all)[,.!]?\s+)?(\p{Lu}[\p{L}'’-]+(?:\s\p{Lu}[\p{L}'’-]+)?)\s+here\b/u;

/** Unresolved speakers who say their name, and named labels that are not on the roster. */
function proposePeople(utterances: ParsedUtterance[], unresolved: string[]): ProposedPerson[] {
  const out: ProposedPerson[] = [];
  for (const label of unresolved) {
    const own = utterances.filter((u) => u.speakerLabel === label);
    if (!isGenericLabel(label)) {
      const first = own[0];
      if (first) out.push({ label, name: stripLabelDecorations(label), evidence: { seq: first.seq, quote: first.text.slice(0, 120) } });
      continue;
    }
    for (const u of own) {
      const m = INTRO_NAME.exec(u.text) ?? NAME_HERE.exec(u.text);
      const name = m?.[1];
      if (!m || !name || NOT_NAMES.has(name.split(/\s/)[0].toLowerCase())) continue;
      out.push({ label, name, evidence: { seq: u.seq, quote: m[0].trim() } });
      break;
    }
  }
  return out;
}
