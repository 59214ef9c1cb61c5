// Everything the extractors share for one conversation, computed once: sentences, people, the due context.
import type { RosterPerson } from "../conversations/conversation.ts";
import type { Side } from "../../shared/sides.ts";
import { createDueContext, type DueContext } from "./due-dates.ts";
import type { Evidence, ExtractionInput, ExtractionUtterance } from "./extraction.types.ts";
import { createPeopleIndex, getSpeakerPerson, type PeopleIndex } from "./people.ts";
import { splitSentences, type Span } from "./text-spans.ts";

export interface ExtractionContext {
  input: ExtractionInput;
  utterances: ExtractionUtterance[];
  sentences: Span[][];
  people: PeopleIndex;
  due: DueContext;
  isEmail: boolean;
  speakers: Array<RosterPerson | null>;
  sides: Array<Side | null>;
  /** Person ids that speak in this conversation (or send/receive the email). */
  presentIds: Set<string>;
}

export function createExtractionContext(input: ExtractionInput): ExtractionContext {
  const people = createPeopleIndex(input.roster, input.orgs);
  const utterances = [...input.utterances].sort((a, b) => a.seq - b.seq);
  const speakers = utterances.map((u) => getSpeakerPerson(people, u));
  const presentIds = new Set<string>();
  for (const p of speakers) if (p) presentIds.add(p.id);
  return {
    input,
    utterances,
    sentences: utterances.map((u) => splitSentences(u.text)),
    people,
    due: createDueContext(input.conversation),
    isEmail: input.conversation.kind === "email",
    speakers,
    sides: utterances.map((u, i) => u.side ?? speakers[i]?.side ?? null),
    presentIds,
  };
}

export function makeEvidence(ctx: ExtractionContext, index: number, start: number, end: number): Evidence {
  const u = ctx.utterances[index];
  return {
    seq: u.seq,
    atMs: u.startMs,
    speaker: ctx.speakers[index]?.name ?? u.speakerName ?? u.speakerLabel,
    quote: u.text.slice(start, end),
  };
}

export function getSpeakerName(ctx: ExtractionContext, index: number): string | null {
  return ctx.speakers[index]?.name ?? ctx.utterances[index].speakerName ?? ctx.utterances[index].speakerLabel;
}
