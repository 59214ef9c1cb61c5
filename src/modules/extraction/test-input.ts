// Builds an ExtractionInput from a compact table (speaker name, text) for the unit tests. No I/O.
import type { RosterPerson } from "../conversations/conversation.ts";
import type { Side } from "../../shared/sides.ts";
import type { ExtractionInput } from "./extraction.types.ts";

export interface CompactConversation {
  roster: Array<[string, Side]>;
  startedAt: string;
  timezone: string;
  language?: string;
  kind?: "call" | "email";
  file?: string;
  unknownSpeaker?: boolean;
  turns: Array<[string, string]>;
}

export function buildTestInput(c: CompactConversation): ExtractionInput {
  const roster: RosterPerson[] = c.roster.map(([name, side], i) => ({
    id: `p${i}`, name, emails: [`${name.split(" ")[0].toLowerCase()}@${side}.test`], title: null, side, orgName: `${side} org`,
  }));
  const byName = new Map(roster.map((p) => [p.name, p]));
  return {
    conversation: { file: c.file ?? "call.vtt", kind: c.kind ?? "call", startedAt: c.startedAt, timezone: c.timezone, language: c.language ?? "en" },
    utterances: c.turns.map(([speaker, text], seq) => {
      const p = c.unknownSpeaker ? undefined : byName.get(speaker);
      return { seq, startMs: seq * 5000, endMs: seq * 5000 + 4000, speakerLabel: speaker, personId: p?.id ?? null, speakerName: p?.name ?? speaker, side: p?.side ?? null, text };
    }),
    roster,
    orgs: [{ name: "Acme Soft", side: "ours", domains: ["ours.test"] }, { name: "Brightway", side: "partner", domains: ["partner.test"] }, { name: "Cobalt Foods", side: "buyer", domains: ["buyer.test"] }],
  };
}
