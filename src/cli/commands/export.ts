import { type Command, Option } from "commander";
import { buildDealRecord } from "../../modules/record/index.ts";
import { AUDIENCES, EXPORT_FORMATS, exportDeal, type ExportFormat, type ShareAudience } from "../../modules/sharing/index.ts";
import { cliActor, type Deps } from "../../shared/deps.ts";
import { openConfiguredDb } from "../context.ts";

export interface ExportCommandOptions { json?: boolean; audience?: ShareAudience; format?: ExportFormat }

/**
 * `--json` alone (or no option): the deal record in the gold.json shape, as before. `--audience` and/or
 * `--format`: the shared record for that audience (default ours) as md (default), html or json — audited as a CLI export.
 */
export async function runExport(deps: Deps, deal: string, opts: ExportCommandOptions): Promise<string> {
  if (!opts.audience && !opts.format) return `${JSON.stringify(await buildDealRecord(deps, deal), null, 2)}\n`;
  const format = opts.format ?? (opts.json ? "json" : "md");
  return (await exportDeal(deps, cliActor, deal, { format, audience: opts.audience ?? "ours" })).body;
}

export function registerExport(program: Command) {
  program.command("export").description("Print a deal's record (gold.json shape), or its shared record for an audience as Markdown, HTML or JSON")
    .argument("<deal>", "deal id or slug")
    .option("--json", "JSON output (without --audience/--format: the gold.json record)")
    .addOption(new Option("--audience <audience>", "who the export is for: internal content is left out for partner and buyer").choices([...AUDIENCES]))
    .addOption(new Option("--format <format>", "md, html or json (default md when --audience is given)").choices([...EXPORT_FORMATS]))
    .action(async (deal: string, opts: ExportCommandOptions) => {
      const { database, deps } = await openConfiguredDb();
      try {
        process.stdout.write(await runExport(deps, deal, opts));
      } finally {
        await database.close();
      }
    });
}
