import type { Command } from "commander";
import { planDealRequests } from "../../modules/crm/index.ts";
import { openConfiguredDb } from "../context.ts";

export function registerCrm(program: Command) {
  const crm = program.command("crm").description("CRM sync");
  crm.command("dry-run <deal>").description("The exact requests each CRM connection would receive for a deal now (nothing is sent or queued)")
    .option("--json", "JSON output")
    .action(async (deal: string, opts: { json?: boolean }) => {
      const { database, deps } = await openConfiguredDb();
      try {
        const plans = await planDealRequests(deps, deal);
        if (opts.json) { process.stdout.write(`${JSON.stringify(plans, null, 2)}\n`); return; }
        if (!plans.length) { process.stdout.write("No enabled CRM connection receives this deal.\n"); return; }
        for (const p of plans) {
          process.stdout.write(`# ${p.connection.name} (${p.connection.kind}, ${p.connection.side} side): ${p.requests.length} request(s)\n`);
          for (const r of p.requests) {
            process.stdout.write(`\n${r.method} ${r.url}\n`);
            for (const [k, v] of Object.entries(r.headers)) process.stdout.write(`${k}: ${v}\n`);
            if (r.body !== undefined && r.body !== null) process.stdout.write(`\n${JSON.stringify(r.body, null, 2)}\n`);
          }
          process.stdout.write("\n");
        }
      } finally {
        await database.close();
      }
    });
}
