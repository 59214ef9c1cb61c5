// `baton recap …`: a call's recap (draft/show), the two-recap check, pre-call and catch-up briefs, the weekly huddle ICS.
import type { Command } from "commander";
import { getCatchUpBrief, getPreCallBrief, renderBriefMarkdown } from "../../modules/briefs/index.ts";
import { buildHuddleInvite, checkRecaps, draftRecap, HUDDLE_WEEKDAYS, type RecapView, type Weekday } from "../../modules/recap/index.ts";
import { cliActor } from "../../shared/deps.ts";
import { invalidInput } from "../../shared/errors.ts";
import { openConfiguredDb } from "../context.ts";

const out = (s: string): void => { process.stdout.write(s.endsWith("\n") ? s : `${s}\n`); };

export function formatRecap(r: RecapView): string {
  const lines = [`Recap ${r.id} · ${r.conversation.title} · v${r.version} · ${r.status}${r.isAgreed ? " (agreed)" : ""}`, ""];
  let section = "";
  for (const l of r.lines) {
    if (l.section !== section) { section = l.section; lines.push(`${section.toUpperCase()}`); }
    lines.push(`  ${l.internal ? "[internal] " : ""}${l.support === "unsupported" ? "[unsupported] " : ""}${l.text}`);
    for (const e of l.evidence) lines.push(`      #${e.seq} ${e.speaker ?? "?"}: "${e.quote}"`);
  }
  return `${lines.join("\n")}\n`;
}

export function registerRecap(program: Command) {
  const recap = program.command("recap").description("Call recaps, the two-recap check, briefs and the weekly huddle");
  recap.command("draft <conversation>").description("Draft (or show) the recap of a call, every line with its evidence")
    .option("--redraft", "draft again from the record (a new version; approvals reset)").option("--json", "JSON output")
    .action(async (conversation: string, opts: { redraft?: boolean; json?: boolean }) => {
      const { database, deps } = await openConfiguredDb();
      try {
        const r = await draftRecap(deps, conversation, { actor: cliActor, redraft: opts.redraft });
        out(opts.json ? JSON.stringify(r, null, 2) : formatRecap(r));
      } finally { await database.close(); }
    });
  recap.command("check <conversation>").description("Compare the two recap emails of a call with each other and with the call")
    .option("--json", "JSON output")
    .action(async (conversation: string, opts: { json?: boolean }) => {
      const { database, deps } = await openConfiguredDb();
      try {
        const c = await checkRecaps(deps, conversation, { actor: cliActor });
        if (opts.json) return out(JSON.stringify(c, null, 2));
        const text = [`${c.call.title}: ${c.recaps.length} recap email(s)`, ...c.recaps.map((r) => `  - ${r.subject} (${r.from}, ${r.date}) — ${r.reason}`), ""];
        for (const d of c.divergences) {
          text.push(`${d.kind.toUpperCase()}: ${d.subject}`, `  ${d.verdict}`);
          for (const s of d.statements) text.push(`  ${s.source}: ${s.says ?? "(not stated)"}`);
          for (const e of d.settledBy) text.push(`  call #${e.seq} ${e.speaker ?? "?"}: "${e.quote}"`);
          text.push("");
        }
        if (!c.divergences.length) text.push("No divergences.");
        out(text.join("\n"));
      } finally { await database.close(); }
    });
  recap.command("brief").description("The pre-call brief (default) or the catch-up brief of a deal")
    .requiredOption("--deal <idOrSlug>", "deal id or slug").option("--catch-up", "the catch-up brief for someone joining late")
    .option("--format <md|json>", "output format", "md")
    .action(async (opts: { deal: string; catchUp?: boolean; format: string }) => {
      if (!["md", "json"].includes(opts.format)) throw invalidInput("--format is md or json");
      const { database, deps } = await openConfiguredDb();
      try {
        const b = opts.catchUp ? await getCatchUpBrief(deps, opts.deal, { actor: cliActor }) : await getPreCallBrief(deps, opts.deal, { actor: cliActor });
        out(opts.format === "json" ? JSON.stringify(b, null, 2) : renderBriefMarkdown(b));
      } finally { await database.close(); }
    });
  recap.command("huddle").description("The weekly 15-minute huddle of a deal or partner as ICS (stdout)")
    .option("--deal <idOrSlug>", "deal id or slug").option("--partner <orgId>", "partner organisation id")
    .option("--weekday <MO|TU|…>", "day of the week", "MO").option("--time <HH:MM>", "local time", "09:00")
    .action(async (opts: { deal?: string; partner?: string; weekday: string; time: string }) => {
      if (!opts.deal && !opts.partner) throw invalidInput("Give --deal or --partner");
      if (!(HUDDLE_WEEKDAYS as readonly string[]).includes(opts.weekday)) throw invalidInput(`--weekday is one of ${HUDDLE_WEEKDAYS.join(", ")}`);
      if (!/^\d{2}:\d{2}$/.test(opts.time)) throw invalidInput("--time is HH:MM");
      const { database, deps } = await openConfiguredDb();
      try {
        const inv = await buildHuddleInvite(deps, { deal: opts.deal, partner: opts.partner }, { weekday: opts.weekday as Weekday, time: opts.time }, { actor: cliActor });
        process.stdout.write(inv.ics);
      } finally { await database.close(); }
    });
}
