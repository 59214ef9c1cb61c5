// Deal folders imported at the same time (several HTTP uploads, or `baton import` of many folders on PostgreSQL,
// which stores two at once): the workspace, organisations and people they share are created once, every import
// succeeds, and the same folder twice at once makes one deal. On PostgreSQL (TEST_DATABASE_URL) the transactions
// really overlap; on PGlite they queue on its one connection, and the same results must hold.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { Database } from "../../db/client.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { intakeIntro } from "../handoff/index.ts";
import { importDealFolder } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
beforeAll(async () => { database = await openTestDb(); deps = testDeps(database); });
afterAll(async () => { await database?.close(); });

/** tinyDeal as deal `id`, bought by `buyer`: the vendor, the partner and their people are the same in every copy. */
function dealCopy(id: string, buyer: { name: string; domain: string }, buyerPeople: Array<{ name: string; email: string }>) {
  const file = JSON.parse(tinyDeal().files.get("deal.json")!.toString());
  file.id = id;
  file.orgs.buyer = buyer;
  const oldBuyers = file.people.filter((p: { side: string }) => p.side === "buyer");
  file.people = [...file.people.filter((p: { side: string }) => p.side !== "buyer"), ...buyerPeople.map((p) => ({ ...p, side: "buyer" }))];
  const folder = tinyDeal({ "deal.json": JSON.stringify(file) });
  // The calls' buyer speakers become this copy's buyers.
  for (const [name, content] of folder.files) {
    if (name === "deal.json") continue;
    let text = content.toString();
    oldBuyers.forEach((old: { name: string; email: string }, i: number) => {
      const now = buyerPeople[i % buyerPeople.length]!;
      text = text.split(old.name).join(now.name).split(old.email).join(now.email);
    });
    folder.files.set(name, Buffer.from(text));
  }
  folder.name = id;
  return folder;
}

const count = async (table: "workspaces" | "organisations" | "people" | "deals") =>
  Number((await deps.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);

describe("deal folders imported at the same time", () => {
  it("create the workspace, the organisations and the people they share once", async () => {
    // Two buyers, each bought twice, and a buyer contact (Ivo) on two deals of different buyers: all new at once.
    const north = { name: "Northfold Foods", domain: "northfold.no" };
    const south = { name: "Southbay Grocers", domain: "southbay.no" };
    const ivo = { name: "Ivo Berg", email: "ivo@northfold.no" };
    const folders = [
      dealCopy("deal-a", north, [ivo, { name: "Jon Dahl", email: "jon@northfold.no" }]),
      dealCopy("deal-b", north, [{ name: "Kari Lie", email: "kari@northfold.no" }, ivo]),
      dealCopy("deal-c", south, [{ name: "Liv Sand", email: "liv@southbay.no" }, { name: "Mats Ro", email: "mats@southbay.no" }]),
      dealCopy("deal-d", south, [{ name: "Liv Sand", email: "liv@southbay.no" }, ivo]),
    ];
    const results = await Promise.all(folders.map((f) => importDealFolder(deps, cliActor, f)));
    expect(results.map((r) => [r.deal.slug, r.created])).toEqual([["deal-a", true], ["deal-b", true], ["deal-c", true], ["deal-d", true]]);
    expect(await count("workspaces")).toBe(1);
    expect(await count("deals")).toBe(4);
    // Tidewell (ours), Brightpath (partner), Northfold, Southbay.
    const orgs = await deps.db.selectFrom("organisations").select("name").orderBy("name").execute();
    expect(orgs.map((o) => o.name)).toEqual(["Brightpath Consulting", "Northfold Foods", "Southbay Grocers", "Tidewell Analytics"]);
    // Ada, Ben, Clara on every deal; Ivo, Jon, Kari, Liv, Mats once each.
    const people = await deps.db.selectFrom("people").select("name").orderBy("name").execute();
    expect(people.map((p) => p.name)).toEqual(["Ada Lindqvist", "Ben Okoro", "Clara Moe", "Ivo Berg", "Jon Dahl", "Kari Lie", "Liv Sand", "Mats Ro"]);
    // Each deal's people are the shared rows: Ivo is one person on three deals.
    const ivoDeals = await sql<{ n: string }>`SELECT count(*) AS n FROM deal_people dp JOIN people p ON p.id = dp.person_id WHERE p.name = 'Ivo Berg'`.execute(deps.db);
    expect(Number(ivoDeals.rows[0]!.n)).toBe(3);
    // Every utterance of the named-speaker calls (the VTTs) is pinned to one of these people.
    const pins = await sql<{ pinned: string; unpinned: string }>`SELECT count(u.person_id) AS pinned, count(*) - count(u.person_id) AS unpinned
      FROM utterances u JOIN conversations c ON c.id = u.conversation_id WHERE c.source_file LIKE '%.vtt'`.execute(deps.db);
    expect(Number(pins.rows[0]!.pinned)).toBeGreaterThan(0);
    expect(Number(pins.rows[0]!.unpinned)).toBe(0);
  });

  it("make one deal of the same folder imported twice at once", async () => {
    const folder = () => dealCopy("deal-twice", { name: "Westvik Mills", domain: "westvik.no" }, [{ name: "Nora Vik", email: "nora@westvik.no" }, { name: "Ola Nes", email: "ola@westvik.no" }]);
    const before = await count("deals");
    const results = await Promise.all([importDealFolder(deps, cliActor, folder()), importDealFolder(deps, cliActor, folder())]);
    expect(await count("deals")).toBe(before + 1);
    expect(results.map((r) => r.deal.id)[0]).toBe(results[1]!.deal.id);
    // One created it and stored its calls; the other found it already imported.
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(results.find((r) => !r.created)!.unchanged).toBe(true);
    const nora = await sql<{ n: string }>`SELECT count(*) AS n FROM people WHERE name = 'Nora Vik'`.execute(deps.db);
    expect(Number(nora.rows[0]!.n)).toBe(1);
    const convs = await sql<{ n: string }>`SELECT count(*) AS n FROM conversations WHERE deal_id = ${results[0]!.deal.id}`.execute(deps.db);
    expect(Number(convs.rows[0]!.n)).toBe(4); // intro.eml and three calls, once
  });

  it("intro emails taken in at the same time make the partner they share once", async () => {
    // Two partners' intros (the same new partner firm, the same new partner rep), each for another new buyer.
    const intro = (n: number, buyer: string) => Buffer.from([
      "From: Tomas Reyes <tomas@orbisadvisory.com>", "To: intros@tidewell.io", `Cc: Paula Grant <paula@${buyer}.com>`,
      "Date: Tue, 19 May 2026 08:30:00 -0500", `Subject: Introduction: ${buyer}`, `Message-ID: <orbis-${n}@orbisadvisory.com>`,
      "MIME-Version: 1.0", 'Content-Type: text/plain; charset="UTF-8"', "",
      `Hello Tidewell team, I'd like to introduce Paula Grant, operations manager at ${buyer}.`,
      "They lose forecasts every week. Could someone set up a call with Paula next week?", "", "Best regards,", "Tomas Reyes", "Partner | Orbis Advisory", "",
    ].join("\r\n"));
    const results = await Promise.all([
      intakeIntro(deps, cliActor, { content: intro(1, "lakeside") }),
      intakeIntro(deps, cliActor, { content: intro(2, "hillcrest") }),
      intakeIntro(deps, cliActor, { content: intro(3, "riverton") }),
    ]);
    expect(new Set(results.map((r) => r.dealId)).size).toBe(3);
    const tomas = await sql<{ n: string }>`SELECT count(*) AS n FROM people WHERE 'tomas@orbisadvisory.com' = ANY(emails)`.execute(deps.db);
    expect(Number(tomas.rows[0]!.n)).toBe(1);
    const orbis = await sql<{ n: string }>`SELECT count(*) AS n FROM organisations WHERE 'orbisadvisory.com' = ANY(domains)`.execute(deps.db);
    expect(Number(orbis.rows[0]!.n)).toBe(1);
  });
});
