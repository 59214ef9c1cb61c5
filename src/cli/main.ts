// baton CLI: import, export, analyze, serve. Maps AppError codes to exit codes; stacks only with --verbose.
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { isAppError } from "../shared/errors.ts";
import { registerAnalyze } from "./commands/analyze.ts";
import { registerImport } from "./commands/import.ts";
import { registerExport } from "./commands/export.ts";
import { registerAsk } from "./commands/ask.ts";
import { registerSpeakers } from "./commands/speakers.ts";
import { registerIntake } from "./commands/intake.ts";
import { registerLedger } from "./commands/ledger.ts";
import { registerAttribution } from "./commands/attribution.ts";
import { registerRecap } from "./commands/recap.ts";
import { registerPartners } from "./commands/partners.ts";
import { registerCrm } from "./commands/crm.ts";
import { registerInvite } from "./commands/invite.ts";

const EXIT: Record<string, number> = { INVALID_INPUT: 2, NOT_FOUND: 3, CONFLICT: 4, UNAUTHENTICATED: 5, FORBIDDEN: 5, UPSTREAM_FAILED: 6, RATE_LIMITED: 6, INTERNAL: 1 };

export async function runCli(argv: string[]): Promise<number> {
  const program = new Command();
  program.name("baton").description("One shared, grounded record of a partner co-sell deal").option("--verbose", "print stack traces");
  program.exitOverride();
  registerImport(program);
  registerExport(program);
  registerAnalyze(program);
  registerAsk(program);
  registerSpeakers(program);
  registerIntake(program);
  registerLedger(program);
  registerAttribution(program);
  registerRecap(program);
  registerPartners(program);
  registerCrm(program);
  registerInvite(program);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number };
    if (typeof err.code === "string" && err.code.startsWith("commander.")) return err.exitCode ?? 1;
    if (isAppError(e)) {
      process.stderr.write(`error: ${e.message}\n`);
      for (const d of e.details ?? []) {
        const where = [d.file, d.line ? `line ${d.line}` : null, d.field].filter(Boolean).join(", ");
        process.stderr.write(`  - ${where ? `${where}: ` : ""}${d.message}\n`);
      }
      if (program.opts().verbose && e.cause) process.stderr.write(`${(e.cause as Error).stack ?? e.cause}\n`);
      return EXIT[e.code] ?? 1;
    }
    process.stderr.write(`error: ${(e as Error).message}\n`);
    if (program.opts().verbose) process.stderr.write(`${(e as Error).stack}\n`);
    return 1;
  }
}

const isMain = process.argv[1] != null && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) runCli(process.argv).then((code) => { process.exitCode = code; });
