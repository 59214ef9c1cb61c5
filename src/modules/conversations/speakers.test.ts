import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParsedUtterance, RosterPerson } from "./conversation.ts";
import { buildNameIndex, findNameCues } from "./speaker-cues.ts";
import { resolveSpeakers } from "./speakers.ts";
import { normaliseName, stripLabelDecorations } from "./speaker-names.ts";

const person = (id: string, name: string, side: RosterPerson["side"], extra: Partial<RosterPerson> = {}): RosterPerson =>
  ({ id, name, emails: [`${name.split(" ")[0].toLowerCase()}@${side}.example`], title: null, side, orgName: null, ...extra });

const roster: RosterPerson[] = [
  person("p-avery", "Avery Stone", "ours"),
  person("p-bo", "Bo Lindqvist", "ours", { phones: ["+1 (415) 555-0100"] }),
  person("p-jose", "José Núñez", "partner"),
  person("p-kim", "Kim Ngata", "buyer"),
  person("p-lena", "Lena Fischer", "buyer"),
  person("p-omar", "Omar Haddad", "buyer"),
];

let seq = 0;
const say = (speakerLabel: string, text: string): ParsedUtterance => ({ seq: seq++, speakerLabel, startMs: seq * 1000, endMs: seq * 1000 + 900, text, line: 0 });

describe("label normalisation", () => {
  it.each([
    ["Carmen Ortiz (External)", "Carmen Ortiz"],
    ["Carmen Ortiz (Guest)", "Carmen Ortiz"],
    ["Carmen Ortiz | Acme Corp", "Carmen Ortiz"],
    ["Carmen Ortiz - Acme", "Carmen Ortiz"],
    ["Carmen Ortiz (She/Her) (External)", "Carmen Ortiz"],
  ])("%s → %s", (label, expected) => expect(stripLabelDecorations(label)).toBe(expected));

  it("folds case, accents and punctuation", () => {
    expect(normaliseName("JOSÉ  Núñez")).toBe("jose nunez");
    expect(normaliseName("O'Brien-Smith")).toBe("obrien smith");
  });
});

describe("resolveSpeakers: labels", () => {
  it.each([
    ["Avery Stone", "p-avery", "exact"],
    ["avery stone (External)", "p-avery", "normalised"],
    ["Jose Nunez | PartnerCo", "p-jose", "normalised"],
    ["Núñez, José", "p-jose", "last-first"],
    ["Omar", "p-omar", "first-name"],
    ["kim@buyer.example", "p-kim", "email"],
    ["415.555.0100", "p-bo", "phone"],
  ])("%s → %s by %s", (label, personId, method) => {
    const r = resolveSpeakers({ utterances: [say(label, "Hello there.")], roster });
    expect(r.bySpeakerLabel[label]).toMatchObject({ personId, method });
    expect(r.unresolved).toEqual([]);
  });

  it("resolves an e-mail display name through the thread's addresses", () => {
    const r = resolveSpeakers({
      utterances: [say("Kimmy N.", "Works for me.")],
      roster,
      emailParticipants: [{ name: "Kimmy N.", address: "kim@buyer.example" }],
    });
    expect(r.bySpeakerLabel["Kimmy N."]).toMatchObject({ personId: "p-kim", method: "email" });
  });

  it("proposes a named speaker who is not on the roster", () => {
    const r = resolveSpeakers({ utterances: [say("Priya Iyer", "Hi all, glad to join.")], roster });
    expect(r.unresolved).toEqual(["Priya Iyer"]);
    expect(r.proposedPeople).toEqual([{ label: "Priya Iyer", name: "Priya Iyer", evidence: { seq: expect.any(Number), quote: "Hi all, glad to join." } }]);
  });
});

describe("resolveSpeakers: numbered labels from what was said", () => {
  it.each([
    ["Hi, this is Kim from Buyer Co.", "p-kim"],
    ["kim here, sorry I'm late", "p-kim"],
    ["hi everyone lena i'm the procurement lead", "p-lena"],
    ["Hi. Lena Fischer, procurement.", "p-lena"],
    ["and omar from the data team", "p-omar"],
    ["Hola, soy Kim.", "p-kim"],
    ["Hallo zusammen, ich bin Lena.", "p-lena"],
  ])("self-introduction %j", (text, personId) => {
    const r = resolveSpeakers({ utterances: [say("Avery Stone", "Let's start."), say("Speaker 2", text)], roster });
    expect(r.bySpeakerLabel["Speaker 2"]).toMatchObject({ personId, method: "self-intro" });
    expect(r.bySpeakerLabel["Speaker 2"].evidence?.quote).toBeTruthy();
  });

  it("does not take an introduction of someone else for a self-introduction", () => {
    const r = resolveSpeakers({ utterances: [say("Speaker 1", "Everyone, this is Omar, he runs our data team."), say("Speaker 2", "Hello.")], roster });
    expect(r.bySpeakerLabel["Speaker 1"].personId).not.toBe("p-omar");
  });

  it("uses being addressed when unambiguous, never giving one person two labels", () => {
    const r = resolveSpeakers({
      utterances: [
        say("Avery Stone", "Thanks for joining. Omar, can you walk us through the data?"),
        say("Speaker 3", "Sure, the feed lands hourly."),
        say("Avery Stone", "Got it, thanks Omar."),
        say("Speaker 4", "Hi, Kim here."),
        say("Speaker 5", "And thanks Omar from me too."),
      ],
      roster,
    });
    expect(r.bySpeakerLabel["Speaker 3"]).toMatchObject({ personId: "p-omar", method: "addressed" });
    expect(r.bySpeakerLabel["Speaker 4"]).toMatchObject({ personId: "p-kim", method: "self-intro" });
    expect(r.bySpeakerLabel["Speaker 5"].personId).toBeNull();
  });

  it("leaves a speaker unresolved when the signal is ambiguous", () => {
    const r = resolveSpeakers({
      utterances: [say("Speaker 0", "thanks kim"), say("Speaker 1", "sure"), say("Speaker 0", "thanks lena"), say("Speaker 1", "ok")],
      roster,
    });
    expect(r.bySpeakerLabel["Speaker 1"].personId).toBeNull();
  });

  it("credits whoever accepts thanks given by name", () => {
    const r = resolveSpeakers({
      utterances: [say("Avery Stone", "Kim got the export done early, so thank you for that."), say("Speaker 7", "No problem at all.")],
      roster,
    });
    expect(r.bySpeakerLabel["Speaker 7"]).toMatchObject({ personId: "p-kim", method: "addressed" });
  });

  it("names a phone-number speaker from the self-introduction, and proposes unknown names", () => {
    const r = resolveSpeakers({
      utterances: [say("+1 212 555 0199", "Hi, this is Bo, dialing in."), say("Speaker 9", "Hi all, my name is Rafael Soto.")],
      roster,
    });
    expect(r.bySpeakerLabel["+1 212 555 0199"]).toMatchObject({ personId: "p-bo", method: "self-intro" });
    expect(r.proposedPeople).toEqual([{ label: "Speaker 9", name: "Rafael Soto", evidence: { seq: expect.any(Number), quote: "my name is Rafael Soto" } }]);
  });

  it("falls back to elimination for a single unnamed speaker, preferring people on the thread", () => {
    const small = roster.slice(0, 3);
    const utterances = [say("Speaker 0", "morning all"), say("Speaker 1", "bo here"), say("Speaker 0", "great, let's start")];
    const r = resolveSpeakers({ utterances, roster: small, emailParticipants: [{ name: "Avery Stone", address: "avery@ours.example" }] });
    expect(r.bySpeakerLabel["Speaker 1"]).toMatchObject({ personId: "p-bo", method: "self-intro" });
    expect(r.bySpeakerLabel["Speaker 0"]).toMatchObject({ personId: "p-avery", method: "elimination" });
    // Without the thread, Avery and José are equally possible: no guess.
    expect(resolveSpeakers({ utterances, roster: small }).bySpeakerLabel["Speaker 0"].personId).toBeNull();
  });
});

describe("findNameCues: plain-ASCII utterances that name nobody are skipped", () => {
  const people = [...roster, person("p-dana", "Dana O'Brien", "partner"), person("p-will", "Will Archer", "ours")];
  const index = buildNameIndex(people);
  const words = ["Avery", "avery", "Stone", "Bo", "José", "Jose", "Núñez", "Kim", "Lena", "Omar", "O'Brien", "OBrien", "Dana", "dana's", "Will", "will",
    "Archer", "hi", "hey", "thanks", "this", "is", "I'm", "here", "from", "we", "send", "the", "deck", "over", "to", "you", ",", ".", "?", "-", "Kimball", "Bob"];
  const utterance = fc.array(fc.constantFrom(...words), { maxLength: 14 }).map((w) => w.join(" ").replace(/ ([,.?])/g, "$1"));
  it("finds exactly the cues of the full tokenising path (a combining mark forces it and tokenises to nothing)", () => {
    fc.assert(fc.property(fc.array(utterance, { minLength: 1, maxLength: 4 }), (texts) => {
      const us = texts.map((text, i): ParsedUtterance => ({ seq: i, speakerLabel: "S", startMs: i, endMs: i + 1, text, line: i + 1 }));
      const shape = (cues: ReturnType<typeof findNameCues>) => cues.map((c) => ({ seq: c.seq, ids: c.personIds, kind: c.kind }));
      const skipped = findNameCues(us, index);
      const full = findNameCues(us.map((u) => ({ ...u, text: `${u.text}\u0301` })), index);
      expect(shape(skipped)).toEqual(shape(full));
    }), { numRuns: 2000 });
  });
});
