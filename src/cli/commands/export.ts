import type { Command } from "commander";
import { buildDealRecord } from "../../modules/record/index.ts";
import { openConfiguredDb } from "../context.ts";

export function registerExport(program: Command) {
  program.command("export").description("Print a deal's record (the gold.json shape)")
    .argument("<deal>", "deal id or slug")
    .option("--json", "JSON output (the default and only format for now)")
    .action(async (deal: string) => {
      const { database, deps } = await openConfiguredDb();
      try {
        process.stdout.write(`${JSON.stringify(await buildDealRecord(deps, deal), null, 2)}\n`);
      } finally {
        await database.close();
      }
    });
}
