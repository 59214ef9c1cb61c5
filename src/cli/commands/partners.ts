// baton partners --diagnose: the activation funnel per partner with the step each stalls at, first-win status,
// behaviour signals and partner-sourced pipeline per month (--json, --csv).
import type { Command } from "commander";
import { activationToCsv, getActivationReport, STEP_LABELS, type ActivationReport } from "../../modules/activation/index.ts";
import { findOrgByName, getWorkspace } from "../../modules/directory/index.ts";
import { invalidInput } from "../../shared/errors.ts";
import type { Deps } from "../../shared/deps.ts";
import { openConfiguredDb } from "../context.ts";
import { table } from "./ledger.ts";

interface Opts { diagnose?: boolean; partner?: string; json?: boolean; csv?: boolean }
interface Io { open?: () => Promise<{ database: { close(): Promise<void> }; deps: Deps }>; write?: (s: string) => void }

export function registerPartners(program: Command, io: Io = {}) {
  const open = io.open ?? openConfiguredDb;
  const write = io.write ?? ((s: string) => { process.stdout.write(s); });
  program.command("partners").description("Partner activation: --diagnose shows each partner's funnel (onboarded → first intro → first action in SLA → joint call → first win → opportunity → won) and where it stalls")
    .option("--diagnose", "the activation diagnostic")
    .option("--partner <idOrName>", "one partner organisation (id or name)")
    .option("--json", "JSON output")
    .option("--csv", "CSV output")
    .action(async (opts: Opts) => {
      if (!opts.diagnose) throw invalidInput("Give --diagnose");
      const { database, deps } = await open();
      try {
        let partner = opts.partner;
        if (partner) {
          const ws = await getWorkspace(deps);
          const byName = await findOrgByName(deps, ws.id, partner);
          if (byName) partner = byName.id;
        }
        const r = await getActivationReport(deps, { partner });
        if (opts.partner && !r.partners.length) throw invalidInput(`No partner "${opts.partner}"`);
        write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : opts.csv ? activationToCsv(r) : formatActivation(r));
      } finally {
        await database.close();
      }
    });
}

const pct = (n: number | null) => (n == null ? "–" : `${Math.round(n * 100)}%`);
const hours = (ms: number | null) => (ms == null ? "–" : ms < 3_600_000 ? `${Math.round(ms / 60_000)}m` : `${Math.round(ms / 360_000) / 10}h`);

export function formatActivation(r: ActivationReport): string {
  const out = [`Partner activation · as of ${r.asOf.slice(0, 10)}`, ""];
  if (!r.partners.length) return `${out.join("\n")}No partners.\n`;
  out.push(table(["STEP", "REACHED", "STALLED HERE"], r.steps.map((s) => [s.label, String(s.reached), String(s.stalled)])));
  out.push(table(["PARTNER", "ONBOARDED", "STALLS AT", "FIRST WIN", "MEDIAN TTFA", "ON FIRST CALL", "INTRO→MEETING", "HUDDLES M1", "WIN DEFINED WK1"],
    r.partners.map((p) => [p.partner.name, p.partner.onboardedOn ?? "–", p.stalledAt ? STEP_LABELS[p.stalledAt] : "complete",
      p.firstWin.status ? `${p.firstWin.status}${p.firstWin.progress ? ` ${p.firstWin.progress.have}/${p.firstWin.progress.need}` : ""}` : "not defined",
      hours(p.signals.medianTimeToFirstActionMs), pct(p.signals.partnerOnFirstCallShare), pct(p.signals.introToMeetingRate),
      String(p.signals.huddlesInFirstMonth), p.signals.firstWinDefinedInWeekOne ? "yes" : "no"])));
  if (r.pipelineByMonth.length) {
    out.push("Partner-sourced pipeline per month");
    const max = Math.max(...r.pipelineByMonth.map((m) => m.amount), 1);
    for (const m of r.pipelineByMonth) out.push(`${m.month}  ${"█".repeat(Math.round((20 * m.amount) / max)).padEnd(20)}  ${m.amount.toLocaleString("en-US")} (${m.deals})`);
    out.push("");
  }
  return out.join("\n");
}
