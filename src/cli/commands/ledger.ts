import type { Command } from "commander";
import { buildLedgerWalk, getDealLedger, holdLedgerWalk, type DealLedger, type Walk, type WalkItem } from "../../modules/ledger/index.ts";
import { invalidInput } from "../../shared/errors.ts";
import { openConfiguredDb } from "../context.ts";

interface Opts { deal?: string; partner?: string; week?: string | true; json?: boolean; hold?: boolean; asOf?: string }

export function registerLedger(program: Command) {
  program.command("ledger").description("A deal's commitment ledger, or the weekly ledger walk of a deal or partner (--week)")
    .option("--deal <idOrSlug>", "deal id or slug")
    .option("--partner <idOrName>", "partner organisation (with --week)")
    .option("--week [YYYY-Www]", "the weekly walk; the current week when no value is given")
    .option("--hold", "store the walk, so next week's \"done since the last walk\" counts from now")
    .option("--as-of <iso>", "ledger as of this instant (default now)")
    .option("--json", "JSON output")
    .action(async (opts: Opts) => {
      if (!opts.deal && !opts.partner) throw invalidInput("Give --deal, or --partner with --week");
      if (opts.partner && !opts.week) throw invalidInput("--partner needs --week");
      const { database, deps } = await openConfiguredDb();
      try {
        if (opts.week) {
          const req = { deal: opts.deal, partner: opts.partner, week: opts.week === true ? undefined : opts.week };
          const walk = opts.hold ? await holdLedgerWalk(deps, req) : await buildLedgerWalk(deps, req);
          process.stdout.write(opts.json ? `${JSON.stringify(walk, null, 2)}\n` : formatWalk(walk));
        } else {
          const asOf = opts.asOf ? new Date(opts.asOf) : undefined;
          if (asOf && Number.isNaN(asOf.getTime())) throw invalidInput(`--as-of "${opts.asOf}" is not a date`);
          const ledger = await getDealLedger(deps, opts.deal!, { asOf });
          process.stdout.write(opts.json ? `${JSON.stringify(ledger, null, 2)}\n` : formatLedger(ledger));
        }
      } finally {
        await database.close();
      }
    });
}

const cut = (s: string | null | undefined, n: number) => { const t = (s ?? "").replace(/\s+/g, " ").trim(); return t.length > n ? `${t.slice(0, n - 1)}…` : t; };

/** A plain-text table: columns padded to their widest cell. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n";
}

export function formatLedger(l: DealLedger): string {
  const c = l.counts;
  const rows = l.commitments.map((e) => [
    e.status, e.due ?? "", e.side ?? "?", e.ownerUnclear ? "(unclear)" : e.owner ?? "", cut(e.text ?? e.evidence.quote, 60), `${e.evidence.conversation}#seq-${e.evidence.seq}`,
  ]);
  return `${l.deal.name} · ledger as of ${l.today} (${l.deal.timezone})\n${c.open} open · ${c.overdue} overdue · ${c.done} done · ${c.dropped} dropped · ${c.unclearOwner} unclear owner\n\n`
    + (rows.length ? table(["STATUS", "DUE", "SIDE", "OWNER", "COMMITMENT", "EVIDENCE"], rows) : "No commitments yet.\n");
}

export function formatWalk(w: Walk): string {
  const c = w.counts;
  const out = [`Ledger walk · ${w.scope.name} · ${w.week} (${w.monday} – ${w.sunday}, ${w.timezone})`,
    `${c.open} open (${c.overdue} overdue) · ${c.dueThisWeek} due this week · ${c.doneSinceLastWalk} done since the last walk${w.lastWalkAt ? ` (${w.lastWalkAt.slice(0, 10)})` : ""} · ${c.newRisks} new risks`, ""];
  const isPartner = w.scope.kind === "partner";
  const rows = (items: WalkItem[]) => items.map((i) => [
    ...(isPartner ? [cut(i.deal.name, 24)] : []), i.status, i.due ?? "", i.side ?? "?", i.ownerUnclear ? "(unclear)" : i.owner ?? "", cut(i.text ?? i.evidence.quote, 56), i.link,
  ]);
  const head = [...(isPartner ? ["DEAL"] : []), "STATUS", "DUE", "SIDE", "OWNER", "COMMITMENT", "EVIDENCE"];
  const section = (title: string, items: WalkItem[]) => { if (items.length) out.push(`${title} (${items.length})`, table(head, rows(items))); };
  section("Overdue", w.overdue);
  section("Due this week", w.dueThisWeek);
  section("Open by side and owner", w.openByOwner.flatMap((g) => g.items));
  section("Done since the last walk", w.doneSinceLastWalk);
  if (w.newRisks.length) {
    out.push(`New risks (${w.newRisks.length})`, table([...(isPartner ? ["DEAL"] : []), "TYPE", "RISK", "EVIDENCE"],
      w.newRisks.map((r) => [...(isPartner ? [cut(r.deal.name, 24)] : []), r.type ?? "", cut(r.text ?? r.evidence.quote, 70), r.link])));
  }
  if (!c.open && !c.doneSinceLastWalk && !c.newRisks) out.push("Nothing open, due or new this week.\n");
  return out.join("\n");
}
