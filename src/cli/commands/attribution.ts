// baton attribution: a partner's revenue for a period (sourced / influenced, win rate, time to close, the deals),
// a deal's attribution and evidence trail, or a locked milestone snapshot with its evidence pack.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import {
  createAttributionSnapshot, getAttributionSnapshot, getDealAttribution, getPartnerRevenue, PeriodSchema, refreshAllAttributions, revenueToCsv, trailLabel,
  type DealAttribution, type RevenueReport,
} from "../../modules/attribution/index.ts";
import { invalidInput } from "../../shared/errors.ts";
import { cliActor, type Deps } from "../../shared/deps.ts";
import { openConfiguredDb } from "../context.ts";
import { table } from "./ledger.ts";

interface Opts { partner?: string; period?: string; deal?: string; snapshot?: string; out?: string; csv?: boolean; deals?: boolean; json?: boolean; refresh?: boolean }
interface Io { open?: () => Promise<{ database: { close(): Promise<void> }; deps: Deps }>; write?: (s: string) => void }

export function registerAttribution(program: Command, io: Io = {}) {
  const open = io.open ?? openConfiguredDb;
  const write = io.write ?? ((s: string) => { process.stdout.write(s); });
  program.command("attribution").description("Partner revenue for a period (--partner, --period), or a deal's attribution trail (--deal), or lock a snapshot (--deal --snapshot <milestone>)")
    .option("--partner <idOrName>", "partner organisation (id or name); all partners when omitted")
    .option("--period <period>", "2026 (year), 2026Q1 (quarter) or 2026-03 (month)")
    .option("--deal <idOrSlug>", "a deal: its classification, reasons and evidence trail")
    .option("--snapshot <milestone>", "with --deal: lock an attribution snapshot at this milestone (e.g. close, stage:proposal)")
    .option("--out <file>", "with --snapshot: also write the evidence pack (.html or .md by extension)")
    .option("--csv", "revenue as CSV")
    .option("--deals", "revenue: list every deal behind the numbers (CSV: one row per partner and deal)")
    .option("--refresh", "recompute every deal's stored classification first")
    .option("--json", "JSON output")
    .action(async (opts: Opts) => {
      if (!opts.deal && !opts.period) throw invalidInput("Give --period (with --partner for one partner), or --deal");
      if (opts.period && !PeriodSchema.safeParse(opts.period).success) throw invalidInput(`--period "${opts.period}" is not a year (2026), quarter (2026Q1) or month (2026-03)`);
      const { database, deps } = await open();
      try {
        if (opts.refresh) await refreshAllAttributions(deps);
        if (opts.deal && opts.snapshot) {
          const { snapshot } = await createAttributionSnapshot(deps, cliActor, opts.deal, { milestone: opts.snapshot });
          if (opts.out) {
            const full = await getAttributionSnapshot(deps, snapshot.id);
            writeFileSync(opts.out, opts.out.endsWith(".md") ? full.markdown : full.html);
          }
          write(opts.json ? `${JSON.stringify(snapshot, null, 2)}\n` : `Locked attribution snapshot v${snapshot.version} (${snapshot.milestone}): ${snapshot.classification} ${pct(snapshot.confidence)}, id ${snapshot.id}${opts.out ? `, pack written to ${opts.out}` : ""}\n`);
        } else if (opts.deal) {
          const a = await getDealAttribution(deps, opts.deal);
          write(opts.json ? `${JSON.stringify(a, null, 2)}\n` : formatDealAttribution(a));
        } else {
          const r = await getPartnerRevenue(deps, { period: opts.period!, partner: opts.partner });
          if (opts.partner && !r.partners.length) throw invalidInput(`No partner "${opts.partner}" on any deal`);
          write(opts.csv ? revenueToCsv(r, opts.deals ? "deals" : "partners") : opts.json ? `${JSON.stringify(r, null, 2)}\n` : formatRevenue(r, { withDeals: opts.deals || !!opts.partner }));
        }
      } finally {
        await database.close();
      }
    });
}

const pct = (n: number | null) => (n == null ? "–" : `${Math.round(n * 100)}%`);
const num = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 2 });
const days = (n: number | null) => (n == null ? "–" : `${n}d`);

export function formatRevenue(r: RevenueReport, opts: { withDeals?: boolean } = {}): string {
  const cur = r.currencies.length === 1 ? ` ${r.currencies[0]}` : r.currencies.length > 1 ? ` (mixed: ${r.currencies.join(", ")})` : "";
  const out = [`Partner revenue · ${r.period.label} (${r.period.from.slice(0, 10)} – ${new Date(Date.parse(r.period.to) - 1).toISOString().slice(0, 10)})${cur}`, ""];
  if (!r.partners.length) return `${out.join("\n")}No partner deals.\n`;
  out.push(table(["PARTNER", "SOURCED PIPE", "SOURCED WON", "INFLUENCED PIPE", "INFLUENCED WON", "WIN RATE WITH/WITHOUT", "DAYS TO CLOSE WITH/WITHOUT"],
    r.partners.map((p) => [p.partner.name, `${num(p.sourced.pipeline)} (${p.sourced.pipelineDeals})`, `${num(p.sourced.won)} (${p.sourced.wonDeals})`,
      `${num(p.influenced.pipeline)} (${p.influenced.pipelineDeals})`, `${num(p.influenced.won)} (${p.influenced.wonDeals})`,
      `${pct(p.withPartner.winRate)} / ${pct(p.withoutPartner.winRate)}`, `${days(p.withPartner.avgDaysToClose)} / ${days(p.withoutPartner.avgDaysToClose)}`])));
  if (opts.withDeals) {
    for (const p of r.partners) {
      out.push(`\n${p.partner.name}: ${p.deals.length} deal(s)`);
      if (p.deals.length) out.push(table(["DEAL", "STAGE", "CLASS", "CONF", "AMOUNT", "IN PERIOD", "DAYS", "EVIDENCE"],
        p.deals.map((d) => [d.slug, d.stage, d.classification, pct(d.confidence), d.amount == null ? "–" : `${num(d.amount)} ${d.currency ?? ""}`.trim(),
          d.isWonInPeriod ? "won" : d.isPipelineInPeriod ? "pipeline" : "closed", days(d.daysToClose), d.evidenceUrl])).trimEnd());
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}

export function formatDealAttribution(a: DealAttribution): string {
  const at = a.attribution;
  const lines = [`${a.deal.name} · ${at.classification} (${pct(at.confidence)})${at.introducedBy ? ` · introduced by ${at.introducedBy} on ${at.introducedOn}` : ""}`, "",
    ...at.reasons.map((r) => `  - ${r}`), "", "Evidence trail:"];
  for (const t of a.trail) {
    lines.push(`  ${(t.at ?? "undated").slice(0, 10)}  ${trailLabel(t.kind)}: ${t.text}${t.counts ? "" : " (not counted)"}`);
    for (const e of t.evidence) lines.push(`      ${e.file}${e.seq != null ? `#seq-${e.seq}` : ""}${e.speaker ? ` ${e.speaker}` : ""}: "${e.quote.replace(/\s+/g, " ").slice(0, 100)}"`);
  }
  return `${lines.join("\n")}\n`;
}
