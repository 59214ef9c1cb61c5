// Ask's full-text answers are ordered by the learned turn ranking (retrieval.ts): the talk around a turn, not only the
// turn itself, decides which of two equally matching turns is cited first.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDeps } from "../../../test/db.ts";
import type { Database } from "../../db/client.ts";
import { cliActor } from "../../shared/deps.ts";
import { importDealFolder, readDealFolder } from "../ingest/index.ts";
import { askDeal } from "./index.ts";
import { listAskConversations, searchUtterances } from "./ask.repo.ts";
import { parseQuestion } from "./question.ts";
import { answerFromText, retrievalGroups, type AskContext } from "./strategies.ts";

const QUESTION = "What is the status of the data migration plan?";
const SAME = "Owen Marsh: The data migration plan is ready for review.";
const FILLER = [
  "Petra Novak: Lunch is at noon in the small room.", "Nina Alvarez: Parking is behind the building, near the loading dock.", "Hugo Lindqvist: The new badges arrive on Monday.",
  "Petra Novak: The coffee machine on the second floor is fixed.", "Nina Alvarez: Our trucks leave at six in the morning.", "Hugo Lindqvist: The holiday schedule goes out next week.",
  "Petra Novak: Remember the fire drill on Thursday.", "Nina Alvarez: The cafeteria menu changed again.", "Hugo Lindqvist: Our night shift has two new supervisors.",
  "Petra Novak: The office plants need watering.", "Nina Alvarez: The printer on the third floor jams a lot.", "Hugo Lindqvist: The visitor log moved to the front desk.",
];
// Two turns say the same words, with unrelated turns right before and after each (so the first stage's one-turn
// neighbour bonus sees nothing). The first is said in passing; the second closes a discussion of the migration.
const TURNS = [
  "Nina Alvarez: Good morning, thanks for joining today.", "Hugo Lindqvist: Morning, glad to be here.", "Petra Novak: Before we start, last quarter's invoices are sorted.",
  "Nina Alvarez: Great, thanks for handling that.",
  SAME,
  ...FILLER,
  "Hugo Lindqvist: Twelve years of historian records have to move to the cloud warehouse.",
  "Petra Novak: The data migration must finish before the spring audit.",
  "Hugo Lindqvist: Migration costs come out of the data budget.",
  "Petra Novak: Data validation after the migration takes two days.",
  "Nina Alvarez: And the migration cutover happens on a weekend.",
  "Hugo Lindqvist: Right.",
  SAME,
  "Petra Novak: Thanks everyone.", "Nina Alvarez: Talk soon.",
  ...FILLER.slice(0, 6),
];
const at = (k: number) => `00:${String(Math.floor((10 * k + 2) / 60)).padStart(2, "0")}:${String((10 * k + 2) % 60).padStart(2, "0")}.000`;
const isolated = at(TURNS.indexOf(SAME)), discussed = at(TURNS.lastIndexOf(SAME));

let database: Database;
let deps: ReturnType<typeof testDeps>;
let dealId: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "baton-ask-learned-"));
  writeFileSync(join(dir, "deal.json"), JSON.stringify({
    id: "ask-learned", name: "Birchwood migration", timezone: "America/New_York",
    orgs: { ours: { name: "Frostline Analytics", domain: "frostline.example" }, partner: { name: "Quayside Integrators", domain: "quayside.example" }, buyer: { name: "Birchwood Dairy", domain: "birchwood.example" } },
    people: [
      { name: "Nina Alvarez", email: "nina@frostline.example", title: "Account Executive", side: "ours" },
      { name: "Owen Marsh", email: "owen@quayside.example", title: "Partner Lead", side: "partner" },
      { name: "Hugo Lindqvist", email: "hugo@birchwood.example", title: "Plant Manager", side: "buyer" },
      { name: "Petra Novak", email: "petra@birchwood.example", title: "Chief Financial Officer", side: "buyer" },
    ],
    conversations: [{ file: "01-systems.vtt", kind: "call", start: "2026-03-02T10:00:00-05:00", title: "Birchwood systems" }],
  }));
  const cues = TURNS.map((t, k) => `${k + 1}\n${at(k)} --> ${at(k).replace(/\.000$/, ".900")}\n${t}\n`);
  writeFileSync(join(dir, "01-systems.vtt"), `WEBVTT\n\n${cues.join("\n")}`);
  database = await openTestDb();
  deps = testDeps(database);
  dealId = (await importDealFolder(deps, cliActor, readDealFolder(dir))).deal.id;
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("full-text answers use the learned turn ranking", () => {
  it("ranks two turns with the same words by the first stage alone in transcript order", async () => {
    const convs = await listAskConversations(deps, [dealId]);
    const q = parseQuestion(QUESTION, [], []);
    const groups = retrievalGroups(q);
    const ctx: AskContext = { q, people: [], orgs: [], convs: new Map(convs.map((c) => [c.id, c])), items: [] };
    const us = await searchUtterances(deps, { conversationIds: convs.map((c) => c.id), terms: groups.flatMap((g) => g.alts.map((a) => a.text)), excludeInternal: false });
    const first = answerFromText(ctx, us, groups).filter((h) => h.quote === SAME.replace(/^[^:]+: /, ""));
    expect(first.map((h) => h.seq)).toEqual([TURNS.indexOf(SAME), TURNS.lastIndexOf(SAME)]);
  });

  it("cites the turn inside the discussion first: its neighbours decide", async () => {
    const a = await askDeal(deps, { dealId, question: QUESTION });
    expect(a.confidence).toBe("strong");
    expect(a.evidence[0]).toMatchObject({ at: discussed, speaker: "Owen Marsh", quote: "The data migration plan is ready for review." });
    const ats = a.evidence.map((e) => e.at);
    if (ats.includes(isolated)) expect(ats.indexOf(discussed)).toBeLessThan(ats.indexOf(isolated));
  });
});
