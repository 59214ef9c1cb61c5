import { describe, expect, it } from "vitest";
import { parseQuestion, type RosterOrg, type RosterPerson } from "./question.ts";
import { bm25, rankDocs } from "./rank.ts";
import type { AskItem, AskUtterance } from "./ask.repo.ts";
import { answerCommitments, LEARNED_CONTEXT, learnedTranscript, pickQuote, salient, type AskContext } from "./strategies.ts";
import { buildTermGroups } from "./synonyms.ts";
import { stem } from "./text.ts";

const people: RosterPerson[] = [
  { id: "p1", name: "Grace Liu", title: "FinOps Lead", side: "buyer", orgId: "o3" },
  { id: "p2", name: "Luis Ortega", title: "Cloud Architect", side: "partner", orgId: "o2" },
  { id: "p3", name: "Isabel Castro", title: "Data Protection Officer", side: "buyer", orgId: "o3" },
];
const orgs: RosterOrg[] = [{ id: "o1", name: "Tallyglass", side: "ours" }, { id: "o2", name: "Stratus Cloud", side: "partner" }, { id: "o3", name: "Kestrel Outdoor", side: "buyer" }];

describe("parseQuestion", () => {
  it.each([
    ["What did we commit to on the co-sell calls with this account?", ["commitments"], ["ours"]],
    ["When did the buyer first mention the integration requirement?", ["first"], ["buyer"]],
    ["Which objections came up when the partner presented pricing?", ["objections"], []],
    ["What risks could delay this deal?", ["risks"], []],
    ["What did Stratus commit to?", ["commitments"], ["partner"]],
  ])("%s", (q, intents, sides) => {
    const p = parseQuestion(q, people, orgs);
    for (const i of intents) expect(p.intents).toContain(i);
    expect(p.sides).toEqual(sides);
  });

  it("finds people by first name and by title, and keeps the topic", () => {
    const p = parseQuestion("Has Grace finished the tag cleanup she committed to?", people, orgs);
    expect(p.personIds).toEqual(["p1"]);
    expect(p.topic).toContain("tag cleanup");
    expect(parseQuestion("What does the data protection officer need?", people, orgs).personIds).toEqual(["p3"]);
  });

  it("reads open status and resolution", () => {
    expect(parseQuestion("What is still open on Stratus's side?", people, orgs).status).toBe("open");
    expect(parseQuestion("Which objections did Stratus resolve?", people, orgs).resolved).toBe(true);
  });
});

describe("stem and synonyms", () => {
  it("conflates inflections", () => {
    expect(stem("integration")).toBe(stem("integrations"));
    expect(stem("integrated")).toBe(stem("integrate"));
    expect(stem("dates")).toBe(stem("date"));
  });
  it("expands sales vocabulary", () => {
    const g = buildTermGroups("SOW timeline");
    expect(g[0]!.alts.map((a) => a.text)).toContain("statement of work");
    expect(g[1]!.alts.map((a) => a.text)).toContain("go live");
  });
});

const meeting = [
  { group: "m", seq: 0, text: "Let's start with the agenda for today.", speaker: "PM" },
  { group: "m", seq: 1, text: "The remote control buttons should be large and rubbery.", speaker: "Industrial Designer" },
  { group: "m", seq: 2, text: "Yes, buttons matter a lot for older users.", speaker: "Marketing" },
  { group: "m", seq: 3, text: "We also need to sign the statement of work before go-live.", speaker: "PM" },
  { group: "m", seq: 4, text: "Lunch is at noon.", speaker: "PM" },
];

describe("rankDocs", () => {
  it("ranks by concept coverage and finds synonyms", () => {
    const r = rankDocs(meeting, { groups: buildTermGroups("SOW deadline") });
    expect(r[0]!.doc.seq).toBe(3);
    expect(r[0]!.matched).toEqual(["sow", "deadline"]);
  });
  it("boosts exact phrases and named speakers", () => {
    const r = rankDocs(meeting, { groups: buildTermGroups("remote control buttons"), speakers: ["marketing"], speakerBoost: 3 });
    expect(r.map((x) => x.doc.seq).slice(0, 2).sort()).toEqual([1, 2]);
  });
  it("returns nothing when no concept matches", () => {
    expect(rankDocs(meeting, { groups: buildTermGroups("zebra") })).toEqual([]);
    expect(bm25(meeting, "zebra")).toEqual([]);
  });
});

describe("pickQuote", () => {
  it("picks the sentence with the match, as an exact substring", () => {
    const t = "Thanks all. Whatever we buy has to sync with ADP both ways. See you Friday.";
    const q = pickQuote(t, buildTermGroups("integration requirement"));
    expect(q).toBe("Whatever we buy has to sync with ADP both ways.");
    expect(t).toContain(q);
  });
});

describe("commitment selection and new question kinds", () => {
  const conv = (id: string, order: number, kind = "call") => ({ id, dealId: "d", file: `${id}.vtt`, title: id, startedAt: "", order, kind });
  const c = (id: string, conversationId: string, atMs: number, text: string, due: string | null, owner = "Sam Okoye"): AskItem => ({
    id, localId: id, conversationId, kind: "commitment", data: { text, due, owner, side: "ours" }, seq: atMs / 1000, atMs, speaker: owner, quote: `I'll ${text.toLowerCase()}.`,
  });
  const items = [
    c("a", "c1", 1000, "Send the integration spec", "2026-04-13"),
    c("b", "c1", 2000, "Send a couple of references", null, "Lauren Fitch"),
    c("c", "c1", 3000, "Build the sandbox from those", null),
    c("d", "c1", 4000, "Send the pricing sheet", "2026-04-14"),
    c("e", "c2", 1000, "Send it over", null, "Lauren Fitch"),
    c("f", "c2", 2000, "Finish the sandbox with all forms", "2026-04-17"),
    c("g", "c2", 3000, "Send the order form", "2026-04-20", "Lauren Fitch"),
    c("h", "c3", 0, "Send an ROI model", "2026-04-22", "Lauren Fitch"),
  ];
  const convs = new Map([conv("c1", 0), conv("c2", 1), conv("c3", 2, "email")].map((x) => [x.id, x]));
  const ctxFor = (question: string): AskContext => ({ q: parseQuestion(question, people, orgs), people, orgs, convs, items });

  it("keeps dated commitments from every call instead of the first call's five", () => {
    const hits = answerCommitments(ctxFor("What did we commit to on the calls?"));
    expect(hits.map((h) => h.quote)).toEqual([
      "I'll send the integration spec.", "I'll send a couple of references.", "I'll send the pricing sheet.", "I'll finish the sandbox with all forms.", "I'll send the order form.",
    ]);
  });
  it("counts emails when the question does not say calls", () => {
    expect(answerCommitments(ctxFor("What did we commit to?")).some((h) => h.conversationId === "c3")).toBe(true);
  });
  it("ranks by topic when the question has one, using the turns before a terse commitment", () => {
    const ctx = ctxFor("Who owns the sandbox?");
    ctx.around = new Map([["c2#1", "Lauren, the sandbox: can you take the sandbox?"]]);
    const hits = answerCommitments(ctx);
    expect(hits.map((h) => h.quote)).toEqual(["I'll build the sandbox from those.", "I'll send it over.", "I'll finish the sandbox with all forms."]);
  });
  it("salient keeps everything when there is room", () => {
    const xs = items.slice(0, 3).map((item) => ({ item, score: 1 }));
    expect(salient(ctxFor("What did we commit to?"), xs, 5)).toHaveLength(3);
  });
  it("reads dropped-ball questions and absences", () => {
    expect(parseQuestion("Which commitment fell between Keelson and Arcadia?", people, orgs).intents).toContain("dropped");
    expect(parseQuestion("What slipped through the cracks between the teams?", people, orgs).intents).toContain("dropped");
    const p = parseQuestion("Who is the point of contact while Grace is out?", people, orgs);
    expect(p.groups.some((g) => g.alts.some((a) => a.text === "handover"))).toBe(true);
    expect(parseQuestion("Who owns the security questionnaire?", people, orgs).intents).not.toContain("dropped");
  });
});

describe("learnedTranscript", () => {
  const u = (conversationId: string, seq: number): AskUtterance => ({ conversationId, seq, startMs: seq * 1000, speaker: "Grace Liu", personId: null, side: "buyer", text: `turn ${seq}` });
  const run = (c: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => u(c, from + k));

  it("keeps talk from another conversation out of a candidate's window with empty turns", () => {
    // c1's candidate is its first turn: without the gap, c0's last turns would read as the talk before it.
    const turns = new Map([["c0", run("c0", 10, 50)], ["c1", run("c1", 0, 20)]]);
    const t = learnedTranscript(turns, new Set(["c0#30", "c1#0"]));
    expect(t).toHaveLength(41 + LEARNED_CONTEXT + 21);
    expect(t.slice(41, 41 + LEARNED_CONTEXT).every((x) => x === null)).toBe(true);
    expect(t[41 + LEARNED_CONTEXT]).toMatchObject({ conversationId: "c1", seq: 0 });
  });

  it("joins two stretches of one conversation without a gap when each candidate has its whole window", () => {
    const turns = new Map([["c0", [...run("c0", 0, 40), ...run("c0", 60, 100)]]]);
    const t = learnedTranscript(turns, new Set(["c0#20", "c0#80"]));
    expect(t.map((x) => x?.seq)).toEqual([...run("c0", 0, 40), ...run("c0", 60, 100)].map((x) => x.seq));
  });
});
