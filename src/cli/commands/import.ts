import type { Command } from "commander";
import { importDealFolder, readDealFolder } from "../../modules/ingest/index.ts";
import { cliActor } from "../../shared/deps.ts";
import { openConfiguredDb } from "../context.ts";

export function registerImport(program: Command) {
  program.command("import").description("Import deal folders (deal.json, intro.eml, conversation files) into the configured database")
    .argument("<folders...>", "deal folders")
    .option("--json", "print the result as JSON")
    .action(async (folders: string[], opts: { json?: boolean }) => {
      const { database, deps } = await openConfiguredDb();
      try {
        const results = [];
        for (const [i, folder] of folders.entries()) {
          const r = await importDealFolder(deps, cliActor, readDealFolder(folder));
          results.push(r);
          if (!opts.json) {
            const what = r.unchanged ? "unchanged (already imported)" : r.created ? "created" : "updated";
            process.stdout.write(`[${i + 1}/${folders.length}] ${r.deal.slug}: ${what}; conversations added ${r.conversations.added}, unchanged ${r.conversations.unchanged}\n`);
            for (const w of r.warnings) process.stdout.write(`  warning ${w.file}:${w.line} ${w.message}\n`);
          }
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      } finally {
        await database.close();
      }
    });
}
