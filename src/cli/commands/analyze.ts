import type { Command } from "commander";
import { askDeal } from "../../modules/ask/index.ts";
import { importDealFolder, parseDealFolder, readDealFolder, type ParsedDealFolder } from "../../modules/ingest/index.ts";
import { buildDealRecord } from "../../modules/record/index.ts";
import { cliActor } from "../../shared/deps.ts";
import { openMemoryDb } from "../context.ts";

export function registerAnalyze(program: Command) {
  program.command("analyze").description("Import a deal folder into a fresh in-memory database, run the pipeline and print the record")
    .argument("<folder>", "deal folder")
    .option("--json", "JSON output (default)")
    .option("--ask <question>", "a question to answer from the record (repeatable)", (q: string, acc: string[]) => [...acc, q], [] as string[])
    .action(async (folder: string, opts: { ask: string[] }) => {
      // A throwaway database: without the full-text index unless a question will search it.
      // The database starts first and the folder is parsed (languages judged too) while it does: PGlite spends most
      // of its start waiting on its WebAssembly compile, and the parse fits in that wait (~0.1 s of ~2 s here).
      const opening = openMemoryDb({ searchIndex: opts.ask.length > 0 });
      opening.catch(() => {}); // awaited below
      let parsed: ParsedDealFolder;
      try {
        parsed = await parseDealFolder(readDealFolder(folder), { analyze: true });
      } catch (e) {
        await opening.then((o) => o.database.close(), () => {});
        throw e;
      }
      const { database, deps } = await opening;
      try {
        const r = await importDealFolder(deps, cliActor, parsed, { handoff: false });
        const record = await buildDealRecord(deps, r.deal.id);
        const answers = [];
        for (const q of opts.ask) {
          const a = await askDeal(deps, { dealId: r.deal.id, question: q });
          answers.push({ q, answer: a.answer, evidence: a.evidence.map((e) => ({ conversation: e.conversation, at: e.at, speaker: e.speaker, quote: e.quote })) });
        }
        process.stdout.write(`${JSON.stringify({ ...record, answers })}\n`);
      } finally {
        await database.close();
      }
    });
}
