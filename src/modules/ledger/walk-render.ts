// The weekly walk as a Slack Block Kit message and as an email (HTML + text). Pure: no I/O, no clock.
import type { Walk, WalkItem, WalkRisk } from "./walk.ts";

export interface RenderOptions {
  /** Public URL of Baton ("https://baton.example.com"); evidence links are relative without it. */
  baseUrl?: string;
  /** Most items listed per section; the rest are counted. */
  limit?: number;
}

const SIDE: Record<string, string> = { ours: "Ours", partner: "Partner", buyer: "Buyer" };
const sideLabel = (s: string | null) => (s ? SIDE[s] ?? s : "Side unknown");
const url = (o: RenderOptions, path: string) => (o.baseUrl ? `${o.baseUrl.replace(/\/+$/, "")}${path}` : path);
const one = (s: string | null | undefined, n = 140) => { const t = (s ?? "").replace(/\s+/g, " ").trim(); return t.length > n ? `${t.slice(0, n - 1)}…` : t; };
const itemLine = (i: WalkItem) => one(i.text ?? i.evidence.quote);
const ownerOf = (i: WalkItem) => (i.ownerUnclear || !i.owner ? "owner unclear" : i.owner);

export function walkTitle(walk: Walk): string {
  return `Ledger walk · ${walk.scope.name} · ${walk.week}`;
}
function summaryLine(walk: Walk): string {
  const c = walk.counts;
  return `${c.open} open (${c.overdue} overdue) · ${c.dueThisWeek} due this week · ${c.doneSinceLastWalk} done since the last walk · ${c.newRisks} new risks`;
}
const dealPrefix = (walk: Walk, deal: { name: string }) => (walk.scope.kind === "partner" ? `${deal.name}: ` : "");

// ---- Slack ----------------------------------------------------------------------------------------

/** Escapes &, < and > for Slack mrkdwn. */
const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const slackLink = (href: string, text: string) => (/^https?:\/\//.test(href) ? `<${href}|${slackEscape(text)}>` : slackEscape(text));

export type SlackBlock = Record<string, unknown>;

export function renderWalkBlocks(walk: Walk, opts: RenderOptions = {}): { text: string; blocks: SlackBlock[] } {
  const limit = opts.limit ?? 10;
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: one(walkTitle(walk), 150), emoji: false } },
    { type: "context", elements: [{ type: "mrkdwn", text: slackEscape(`${walk.monday} – ${walk.sunday} (${walk.timezone}) · ${summaryLine(walk)}`) }] },
  ];
  const item = (i: WalkItem, extra: string) =>
    `• ${slackEscape(dealPrefix(walk, i.deal))}${slackLink(url(opts, i.link), itemLine(i))} — ${slackEscape(ownerOf(i))}${extra}`;
  const section = (title: string, lines: string[], total: number) => {
    if (!total) return;
    blocks.push({ type: "divider" });
    const more = total > lines.length ? `\n_…and ${total - lines.length} more_` : "";
    // A section's text is capped at 3000 characters by Slack.
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `*${slackEscape(title)}* (${total})\n${lines.join("\n")}${more}`.slice(0, 3000) } });
  };
  section("Overdue", walk.overdue.slice(0, limit).map((i) => item(i, ` · was due ${i.due}`)), walk.overdue.length);
  section("Due this week", walk.dueThisWeek.slice(0, limit).map((i) => item(i, ` · due ${i.due}`)), walk.dueThisWeek.length);
  for (const g of walk.openByOwner) {
    const who = g.owner ? `${g.owner} (${sideLabel(g.side)})` : `Owner unclear (${sideLabel(g.side)})`;
    section(`Open · ${who}`, g.items.slice(0, limit).map((i) => item(i, i.due ? ` · due ${i.due}` : "")), g.items.length);
  }
  section("Done since the last walk", walk.doneSinceLastWalk.slice(0, limit).map((i) => item(i, "")), walk.doneSinceLastWalk.length);
  section("New risks", walk.newRisks.slice(0, limit).map((r: WalkRisk) =>
    `• ${slackEscape(dealPrefix(walk, r.deal))}${r.type ? `_${slackEscape(r.type)}_ ` : ""}${slackLink(url(opts, r.link), one(r.text ?? r.evidence.quote))}`), walk.newRisks.length);
  if (blocks.length === 2) blocks.push({ type: "section", text: { type: "mrkdwn", text: "Nothing open, due or new this week." } });
  return { text: `${walkTitle(walk)}: ${summaryLine(walk)}`, blocks: blocks.slice(0, 50) };
}

// ---- Email ----------------------------------------------------------------------------------------

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function renderWalkEmail(walk: Walk, opts: RenderOptions = {}): { subject: string; html: string; text: string } {
  const limit = opts.limit ?? 25;
  const c = walk.counts;
  const subject = `${walkTitle(walk)}: ${c.overdue} overdue, ${c.dueThisWeek} due this week`;
  const html: string[] = [];
  const text: string[] = [walkTitle(walk), `${walk.monday} – ${walk.sunday} (${walk.timezone})`, summaryLine(walk), ""];
  const cell = "padding:4px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top;font-size:14px";
  html.push(`<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#111827;max-width:720px">`);
  html.push(`<h1 style="font-size:20px;margin:0 0 4px">${esc(walkTitle(walk))}</h1>`);
  html.push(`<p style="color:#6b7280;margin:0 0 16px">${esc(walk.monday)} – ${esc(walk.sunday)} (${esc(walk.timezone)}) · ${esc(summaryLine(walk))}</p>`);
  const table = (title: string, rows: WalkItem[], total: number, extra: (i: WalkItem) => string) => {
    if (!total) return;
    html.push(`<h2 style="font-size:16px;margin:20px 0 6px">${esc(title)} (${total})</h2><table style="border-collapse:collapse;width:100%">`);
    text.push(`${title} (${total})`);
    for (const i of rows) {
      const href = url(opts, i.link);
      html.push(`<tr><td style="${cell}">${esc(dealPrefix(walk, i.deal))}<a href="${esc(href)}">${esc(itemLine(i))}</a><br><span style="color:#6b7280;font-size:12px">“${esc(one(i.evidence.quote, 200))}” — ${esc(i.evidence.speaker ?? "unknown speaker")}, ${esc(i.evidence.title)}</span></td>`
        + `<td style="${cell};white-space:nowrap">${esc(ownerOf(i))}<br><span style="color:#6b7280;font-size:12px">${esc(sideLabel(i.side))}</span></td>`
        + `<td style="${cell};white-space:nowrap">${esc(extra(i))}</td></tr>`);
      text.push(`  - ${dealPrefix(walk, i.deal)}${itemLine(i)} [${ownerOf(i)}, ${sideLabel(i.side)}]${extra(i) ? ` ${extra(i)}` : ""}`, `    “${one(i.evidence.quote, 200)}” ${href}`);
    }
    if (total > rows.length) { html.push(`<tr><td colspan="3" style="${cell};color:#6b7280">…and ${total - rows.length} more</td></tr>`); text.push(`  …and ${total - rows.length} more`); }
    html.push(`</table>`);
    text.push("");
  };
  table("Overdue", walk.overdue.slice(0, limit), walk.overdue.length, (i) => `was due ${i.due}`);
  table("Due this week", walk.dueThisWeek.slice(0, limit), walk.dueThisWeek.length, (i) => `due ${i.due}`);
  for (const g of walk.openByOwner) {
    table(`Open · ${g.owner ?? "Owner unclear"} (${sideLabel(g.side)})`, g.items.slice(0, limit), g.items.length, (i) => (i.due ? `due ${i.due}` : i.status === "overdue" ? "overdue" : ""));
  }
  table("Done since the last walk", walk.doneSinceLastWalk.slice(0, limit), walk.doneSinceLastWalk.length, (i) => (i.closedAt ? `closed ${i.closedAt.slice(0, 10)}` : ""));
  if (walk.newRisks.length) {
    html.push(`<h2 style="font-size:16px;margin:20px 0 6px">New risks (${walk.newRisks.length})</h2><ul style="padding-left:18px">`);
    text.push(`New risks (${walk.newRisks.length})`);
    for (const r of walk.newRisks.slice(0, limit)) {
      const href = url(opts, r.link);
      html.push(`<li style="margin:4px 0;font-size:14px">${esc(dealPrefix(walk, r.deal))}${r.type ? `<strong>${esc(r.type)}</strong>: ` : ""}<a href="${esc(href)}">${esc(one(r.text ?? r.evidence.quote))}</a></li>`);
      text.push(`  - ${dealPrefix(walk, r.deal)}${r.type ? `${r.type}: ` : ""}${one(r.text ?? r.evidence.quote)} ${href}`);
    }
    html.push(`</ul>`);
    text.push("");
  }
  if (!c.open && !c.doneSinceLastWalk && !c.newRisks) { html.push(`<p>Nothing open, due or new this week.</p>`); text.push("Nothing open, due or new this week."); }
  html.push(`</body></html>`);
  return { subject, html: html.join("\n"), text: text.join("\n").trimEnd() + "\n" };
}
