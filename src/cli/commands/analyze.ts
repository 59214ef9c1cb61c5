import type { Command } from "commander";
import { importDealFolder, readDealFolder } from "../../modules/ingest/index.ts";
import { buildDealRecord } from "../../modules/record/index.ts";
import { cliActor } from "../../shared/deps.ts";
import { openMemoryDb } from "../context.ts";

export function registerAnalyze(program: Command) {
  program.command("analyze").description("Import a deal folder into a fresh in-memory database, run the pipeline and print the record")
    .argument("<folder>", "deal folder")
    .option("--json", "JSON output (default)")
    .option("--ask <question>", "a question to answer from the record (repeatable)", (q: string, acc: string[]) => [...acc, q], [] as string[])
    .action(async (folder: string, opts: { ask: string[] }) => {
      const { database, deps } = await openMemoryDb();
      try {
        const r = await importDealFolder(deps, cliActor, readDealFolder(folder));
        const record = await buildDealRecord(deps, r.deal.id);
        // Placeholder until Ask Baton (issue 7) lands: questions are echoed with no answer and no evidence.
        const answers = opts.ask.map((q) => ({ q, answer: null, evidence: [] }));
        process.stdout.write(`${JSON.stringify({ ...record, answers })}\n`);
      } finally {
        await database.close();
      }
    });
}
