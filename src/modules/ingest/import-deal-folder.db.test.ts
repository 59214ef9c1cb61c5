import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { Database } from "../../db/client.ts";
import { cliActor } from "../../shared/deps.ts";
import { AppError } from "../../shared/errors.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { countRows, tinyDeal } from "../../../test/fixture-folders.ts";
import { listConversationSummaries, listUtterances } from "../conversations/index.ts";
import { buildDealRecord } from "../record/index.ts";
import { importDealFolder } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
beforeAll(async () => { database = await openTestDb(); deps = testDeps(database); });
afterAll(async () => { await database?.close(); });

async function expectInvalid(p: Promise<unknown>) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe("INVALID_INPUT");
  return err as AppError;
}

describe("importDealFolder — bad input stores nothing", () => {
  it("names the field of an invalid deal.json", async () => {
    const before = await countRows(deps.db);
    const bad = JSON.parse(tinyDeal().files.get("deal.json")!.toString());
    bad.people[1].side = "vendor";
    const err = await expectInvalid(importDealFolder(deps, cliActor, tinyDeal({ "deal.json": JSON.stringify(bad) })));
    expect(err.details).toContainEqual(expect.objectContaining({ file: "deal.json", field: "people[1].side" }));
    expect(await countRows(deps.db)).toEqual(before);
  });

  it("names the field of a deal.json string holding a NUL character (no database text can store one)", async () => {
    const before = await countRows(deps.db);
    const bad = JSON.parse(tinyDeal().files.get("deal.json")!.toString());
    bad.people[2].title = "Partner\u0000 Manager";
    const err = await expectInvalid(importDealFolder(deps, cliActor, tinyDeal({ "deal.json": JSON.stringify(bad) })));
    expect(err.details).toEqual([expect.objectContaining({ file: "deal.json", field: "people[2].title" })]);
    expect(await countRows(deps.db)).toEqual(before);
  });

  it("names the line of deal.json that is not JSON, and a missing deal.json", async () => {
    const err = await expectInvalid(importDealFolder(deps, cliActor, tinyDeal({ "deal.json": '{\n  "id": "x",\n  oops\n}' })));
    expect(err.details?.[0]).toMatchObject({ file: "deal.json", line: 3 });
    const missing = await expectInvalid(importDealFolder(deps, cliActor, tinyDeal({ "deal.json": null })));
    expect(missing.details?.[0]).toMatchObject({ file: "deal.json" });
  });

  it("names file and line of a conversation file that does not parse", async () => {
    const before = await countRows(deps.db);
    const broken = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAda Lindqvist: hello\n\n2\n00:00:xx --> nonsense\nBen Okoro: hi\n";
    const err = await expectInvalid(importDealFolder(deps, cliActor, tinyDeal({ "02-technical.vtt": broken })));
    expect(err.details).toContainEqual(expect.objectContaining({ file: "02-technical.vtt", line: 8 }));
    expect(await countRows(deps.db)).toEqual(before);
  });

  it("refuses a speaker who is in no roster, naming file, line and field", async () => {
    const before = await countRows(deps.db);
    const vtt = tinyDeal().files.get("01-discovery.vtt")!.toString().replace("Clara Moe: Fine by me.", "Zed Unknown: Fine by me.");
    const err = await expectInvalid(importDealFolder(deps, cliActor, tinyDeal({ "01-discovery.vtt": vtt })));
    expect(err.details).toContainEqual(expect.objectContaining({ file: "01-discovery.vtt", line: 11, field: "speaker" }));
    expect(await countRows(deps.db)).toEqual(before);
  });

  it("refuses a conversation listed in deal.json but missing from the folder", async () => {
    const err = await expectInvalid(importDealFolder(deps, cliActor, tinyDeal({ "03-followup.json": null })));
    expect(err.details).toContainEqual(expect.objectContaining({ file: "deal.json", field: "conversations[2].file" }));
  });
});

describe("importDealFolder — a good folder", () => {
  it("stores people on three sides, conversations and resolved speakers, reporting its progress", async () => {
    const progress: string[] = [];
    const r = await importDealFolder(deps, cliActor, tinyDeal(), { onProgress: (p) => progress.push(`${p.stage} ${p.done}/${p.total}${p.file ? ` ${p.file}` : ""}`) });
    expect(progress).toEqual([
      "store 0/4 intro.eml", "store 1/4 01-discovery.vtt", "store 2/4 02-technical.vtt", "store 3/4 03-followup.json",
      "extract 0/4", "extract 1/4", "extract 2/4", "extract 3/4",
    ]);
    expect(r.created).toBe(true);
    expect(r.conversations.added).toBe(4); // intro + three calls
    const convs = await listConversationSummaries(deps, r.deal.id);
    const teams = convs.find((c) => c.sourceFile === "02-technical.vtt")!;
    expect(teams.speakers.find((s) => s.label.startsWith("Eva"))).toMatchObject({ name: "Eva Strand", side: "buyer" });
    const asr = convs.find((c) => c.sourceFile === "03-followup.json")!;
    expect(Object.fromEntries(asr.speakers.map((s) => [s.label, s.name]))).toEqual({ "Speaker 0": "Dag Halvorsen", "Speaker 1": "Clara Moe" });
    const utts = await listUtterances(deps, asr.id);
    expect(utts.map((u) => u.side)).toEqual(["buyer", "partner", "buyer", "partner"]);
  });

  it("matches deal.json people to known people by e-mail, then by name in the same organisation; a person listed twice is one person", async () => {
    const base = JSON.parse(tinyDeal().files.get("deal.json")!.toString("utf8"));
    const people = [
      { name: "Ada Lindqvist", email: "ADA@tidewell.io", side: "ours" }, // known by e-mail (any case)
      { name: "Ben Okoro", email: "ben.okoro@tidewell.io", side: "ours" }, // known by name in the same org: gains the address
      { name: "Clara Moe", email: "clara.moe@brightpath.no", side: "partner" },
      { name: "Dag Halvorsen", email: "dag@fjorddairy.no", side: "buyer" },
      { name: "Eva Strand", email: "eva.strand@fjorddairy.no", side: "buyer" },
      { name: "Fred Nilsen", email: "fred@fjorddairy.no", side: "buyer" }, // new
      { name: "Fred Nilsen", emails: ["fred@fjorddairy.no", "fred.n@fjorddairy.no"], title: "CFO", side: "buyer" }, // the same new person again
    ];
    const peopleBefore = await countRows(deps.db).then((c) => c.people);
    const r = await importDealFolder(deps, cliActor, tinyDeal({ "deal.json": JSON.stringify({ ...base, id: "fjord-dairy-second", people }) }));
    expect(r.created).toBe(true);
    expect((await countRows(deps.db)).people).toBe(peopleBefore + 1);
    const rows = await deps.db.selectFrom("people").select(["id", "name", "emails", "title"]).where("name", "in", ["Ada Lindqvist", "Ben Okoro", "Fred Nilsen"]).orderBy("name").execute();
    expect(rows.map((x) => [x.name, [...x.emails].sort(), x.title])).toEqual([
      ["Ada Lindqvist", ["ada@tidewell.io"], "Account Executive"],
      ["Ben Okoro", ["ben.okoro@tidewell.io", "ben@tidewell.io"], "Solutions Engineer"],
      ["Fred Nilsen", ["fred.n@fjorddairy.no", "fred@fjorddairy.no"], "CFO"],
    ]);
    const dealPeople = await deps.db.selectFrom("deal_people").select("person_id").where("deal_id", "=", r.deal.id).execute();
    expect(new Set(dealPeople.map((x) => x.person_id))).toEqual(new Set([...rows.map((x) => x.id), ...(await deps.db.selectFrom("people").select("id").where("name", "in", ["Clara Moe", "Dag Halvorsen", "Eva Strand"]).execute()).map((x) => x.id)]));
  });

  it("re-importing the same folder changes nothing and says so", async () => {
    const before = await countRows(deps.db);
    const r = await importDealFolder(deps, cliActor, tinyDeal());
    expect(r).toMatchObject({ created: false, unchanged: true });
    expect(await countRows(deps.db)).toEqual(before);
  });

  it("a re-export with CRLF line endings does not duplicate the conversation", async () => {
    const crlf = tinyDeal().files.get("01-discovery.vtt")!.toString().replace(/\n/g, "\r\n");
    const r = await importDealFolder(deps, cliActor, tinyDeal({ "01-discovery.vtt": crlf, "notes.txt": "changes the folder hash" }));
    expect(r.unchanged).toBe(false);
    expect(r.conversations.added).toBe(0);
    expect((await listConversationSummaries(deps, r.deal.id)).length).toBe(4);
  });

  it("exports the record in the gold shape with evidence that quotes the transcript", async () => {
    const rec = await buildDealRecord(deps, "fjord-dairy-forecasting");
    expect(rec.brief).toMatchObject({ buyer_contact: { name: "Dag Halvorsen" }, partner_contact: { name: "Clara Moe" }, requested_by: "2026-05-08" });
    expect(rec.speakers["03-followup.json"]).toEqual({ "Speaker 0": "Dag Halvorsen", "Speaker 1": "Clara Moe" });
    const c = rec.conversations["01-discovery.vtt"].commitments;
    expect(c).toContainEqual(expect.objectContaining({ owner: "Ben Okoro", side: "ours", due: "2026-05-07" }));
    expect(c).toContainEqual(expect.objectContaining({ owner: "Dag Halvorsen", side: "buyer", due: "2026-05-08" }));
    for (const x of c) expect(x.evidence.at).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect(rec.attribution).toMatchObject({ introduced_by: "Clara Moe", introduced_on: "2026-04-27", first_joint_conversation: "01-discovery.vtt" });
  });
});

describe("consent", () => {
  it("a declined participant's words leave no trace in any table", async () => {
    const secret = "our margin on this contract is only four percent";
    const vtt = `WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAda Lindqvist: This call is being recorded, is everyone okay with that?\n\n2\n00:00:04.500 --> 00:00:07.000\nEva Strand: I'd prefer not to be recorded, please.\n\n3\n00:00:07.500 --> 00:00:12.000\nEva Strand: Between us, ${secret}.\n\n4\n00:00:12.500 --> 00:00:15.000\nBen Okoro: Understood, I'll send the notes by Friday.\n`;
    const deal = JSON.parse(tinyDeal().files.get("deal.json")!.toString());
    deal.id = "consent-check";
    deal.conversations = [{ file: "01-call.vtt", kind: "call", start: "2026-05-05T10:00:00+02:00", title: "Consent" }];
    await importDealFolder(deps, cliActor, { name: "consent", files: new Map([["deal.json", Buffer.from(JSON.stringify(deal))], ["01-call.vtt", Buffer.from(vtt)]]) });
    const tables = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`.execute(deps.db);
    for (const { table_name } of tables.rows) {
      const hit = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table_name)} t WHERE t::text ILIKE ${"%four percent%"}`.execute(deps.db);
      expect(Number(hit.rows[0].n), `table ${table_name}`).toBe(0);
    }
  });
});
