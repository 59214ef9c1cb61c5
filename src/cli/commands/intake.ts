import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import { intakeIntro } from "../../modules/handoff/index.ts";
import { cliActor } from "../../shared/deps.ts";
import { invalidInput } from "../../shared/errors.ts";
import { cannotRead, openConfiguredDb } from "../context.ts";

export function registerIntake(program: Command) {
  program.command("intake").description("Take in a partner's intro email (.eml): brief, deal, owner, first-action clock")
    .argument("<file>", "the intro as an .eml file")
    .option("--received-at <iso>", "when the intro arrived (default: now)")
    .option("--owner <personId>", "owner by hand instead of the rules")
    .option("--backup <personId>", "backup by hand")
    .option("--json", "print the result as JSON")
    .action(async (file: string, opts: { receivedAt?: string; owner?: string; backup?: string; json?: boolean }) => {
      const receivedAt = opts.receivedAt ? new Date(opts.receivedAt) : undefined;
      if (receivedAt && Number.isNaN(receivedAt.getTime())) throw invalidInput("--received-at is not a date", [{ field: "received-at", message: opts.receivedAt! }]);
      let content: Buffer;
      try {
        content = readFileSync(file);
      } catch (e) {
        throw cannotRead(file, e);
      }
      const { database, deps } = await openConfiguredDb();
      try {
        const r = await intakeIntro(deps, cliActor, { content, filename: basename(file), receivedAt, ownerId: opts.owner, backupId: opts.backup });
        if (opts.json) { process.stdout.write(`${JSON.stringify(r, null, 2)}\n`); return; }
        const f = r.brief.fields;
        const what = r.status === "unchanged" ? "unchanged (already taken in)" : r.matched === "existing-deal" ? "added to the open deal" : "created a new deal";
        process.stdout.write(`${what}: deal ${r.dealId} (matched: ${r.matched})\n  ${r.message}\n`);
        process.stdout.write(`  buyer   ${f["buyerContact.name"].value ?? "?"} <${f["buyerContact.email"].value ?? "?"}>, ${f.buyerCompany.value ?? "?"}\n`);
        process.stdout.write(`  partner ${f["partnerContact.name"].value ?? "?"}, ${f.partnerCompany.value ?? "?"}\n`);
        process.stdout.write(`  problem ${f.problem.value ?? "-"}\n  next    ${f.expectedNextStep.value ?? "-"}\n`);
        process.stdout.write(`  owner   ${r.ownerId ?? "nobody"} (${r.ownerRule}), backup ${r.backupId ?? "nobody"}; first action due ${r.dueAt}\n`);
      } finally {
        await database.close();
      }
    });
}
