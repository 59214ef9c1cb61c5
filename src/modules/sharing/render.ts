// Renderers of a shared record, no I/O: Markdown, self-contained HTML (inline CSS, no external assets, every
// text escaped, prints well) and JSON. Internal content only ever reaches here in the "ours" record, where it is labelled.
import type { Evidence, SharedRecord } from "./shared-record.ts";

const AUDIENCE_LABEL = { ours: "Internal — our side only", partner: "Shared with the partner", buyer: "Shared with the buyer" } as const;
const SIDE_LABEL: Record<string, string> = { ours: "Our side", partner: "Partner", buyer: "Buyer" };
const day = (iso: string) => iso.slice(0, 10);

/** Markdown special characters escaped so record text never becomes markup or a link. */
export function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_{}[\]()#+!|<>~])/g, "\\$1").replace(/\r?\n/g, " ");
}
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

interface Section { title: string; rows: Array<{ head: string; detail?: string; internal: boolean; evidence?: Evidence | null; quotes?: Array<{ speaker: string | null; quote: string }> }> }

function sectionsOf(r: SharedRecord): Section[] {
  const ev = (e: Evidence, conversation: string) => ({ ...e, at: `${conversation} ${e.at}`.trim() });
  const out: Section[] = [];
  for (const rc of r.recaps) {
    out.push({
      title: `Recap: ${rc.title} (${day(rc.date)}, version ${rc.version}, ${rc.status})`,
      rows: rc.lines.map((l) => ({
        head: `${l.section}: ${l.text}`, detail: [l.side ? SIDE_LABEL[l.side] : null, l.due ? `due ${l.due}` : null].filter(Boolean).join(", ") || undefined,
        internal: l.internal, quotes: l.evidence,
      })),
    });
  }
  out.push({ title: r.audience === "buyer" ? "Your open commitments" : "Commitments", rows: r.commitments.map((c) => ({
    head: `${c.owner ?? "?"}: ${c.text ?? ""}`, detail: [c.side ? SIDE_LABEL[c.side] : null, c.due ? `due ${c.due}` : null, c.status].filter(Boolean).join(", "),
    internal: c.internal, evidence: ev(c.evidence, c.conversation),
  })) });
  if (r.audience !== "buyer") {
    out.push({ title: "Decisions", rows: r.decisions.map((d) => ({ head: d.text ?? "", internal: d.internal, evidence: ev(d.evidence, d.conversation) })) });
    out.push({ title: "Objections", rows: r.objections.map((o) => ({
      head: `${o.topic ?? "other"}${o.raisedBy ? ` — raised by ${o.raisedBy}` : ""}`, detail: o.resolvedBy ? `resolved by ${o.resolvedBy}` : "open",
      internal: o.internal, evidence: ev(o.evidence, o.conversation),
    })) });
    out.push({ title: "Stakeholders", rows: r.stakeholders.map((s) => ({
      head: [s.name, s.title, s.org].filter(Boolean).join(", "), detail: s.role ?? undefined, internal: s.internal, evidence: ev(s.evidence, s.conversation),
    })) });
    out.push({ title: "Risks", rows: r.risks.map((x) => ({ head: `${x.type ?? "risk"}: ${x.text ?? ""}`, internal: x.internal, evidence: ev(x.evidence, x.conversation) })) });
  }
  return out;
}

function dealFacts(r: SharedRecord): string[] {
  const d = r.deal;
  return [
    d.buyer ? `Buyer: ${d.buyer}` : null, d.partners.length ? `Partners: ${d.partners.join(", ")}` : null,
    d.stage ? `Stage: ${d.stage}` : null, d.motion ? `Motion: ${d.motion}` : null,
    d.amount != null ? `Amount: ${d.amount}${d.currency ? ` ${d.currency}` : ""}` : null,
  ].filter((x): x is string => x != null);
}

export function renderMarkdown(r: SharedRecord): string {
  const m = escapeMarkdown;
  const out: string[] = [`# ${m(r.deal.name)}`, "", `_${AUDIENCE_LABEL[r.audience]} · generated ${r.generatedAt}_`, ""];
  for (const f of dealFacts(r)) out.push(`- ${m(f)}`);
  out.push("");
  for (const s of sectionsOf(r)) {
    out.push(`## ${m(s.title)}`, "");
    if (!s.rows.length) out.push("_None._", "");
    for (const row of s.rows) {
      out.push(`- ${row.internal ? "**[Internal]** " : ""}${m(row.head)}${row.detail ? ` (${m(row.detail)})` : ""}`);
      if (row.evidence) out.push(`  > ${m(row.evidence.speaker ?? "?")} at ${m(row.evidence.at)}: "${m(row.evidence.quote)}"`);
      for (const q of row.quotes ?? []) out.push(`  > ${m(q.speaker ?? "?")}: "${m(q.quote)}"`);
    }
    out.push("");
  }
  if (r.conversations.length) {
    out.push("## Conversations", "");
    for (const c of r.conversations) {
      out.push(`### ${c.internal ? "[Internal] " : ""}${m(c.title)} (${m(c.kind)}, ${day(c.startedAt)})`, "");
      if (c.speakers.length) out.push(`Speakers: ${c.speakers.map((s) => `${m(s.name)}${s.side ? ` (${SIDE_LABEL[s.side]})` : ""}`).join(", ")}`, "");
      for (const u of c.utterances) out.push(`- ${u.internal ? "**[Internal]** " : ""}\`${u.at}\` **${m(u.speaker ?? "?")}**: ${m(u.text)}`);
      out.push("");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}

const CSS = `body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2433;max-width:860px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.8rem 0 .5rem;border-bottom:1px solid #d6dae3;padding-bottom:.2rem}
h3{font-size:1rem;margin:1.2rem 0 .3rem}.meta{color:#5b6474;font-size:.85rem}ul{padding-left:1.2rem}li{margin:.35rem 0}
.facts{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem}.detail{color:#5b6474}
blockquote{margin:.2rem 0 .2rem .2rem;padding:.1rem .6rem;border-left:3px solid #c7cedb;color:#3a4356;font-size:.9rem}
.internal{background:#fff4e5;border-radius:4px;padding:0 .3rem}.tag{font-size:.72rem;font-weight:600;text-transform:uppercase;color:#9a4d00;margin-right:.3rem}
.at{font-family:ui-monospace,monospace;color:#5b6474;font-size:.8rem}.none{color:#5b6474;font-style:italic}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}li,blockquote{break-inside:avoid}a{color:inherit}}`;

export function renderHtml(r: SharedRecord): string {
  const e = escapeHtml;
  const tag = (internal: boolean) => (internal ? `<span class="tag">Internal</span>` : "");
  const body: string[] = [`<h1>${e(r.deal.name)}</h1>`, `<p class="meta">${e(AUDIENCE_LABEL[r.audience])} · generated ${e(r.generatedAt)}</p>`];
  const facts = dealFacts(r);
  if (facts.length) body.push(`<ul class="facts">${facts.map((f) => `<li>${e(f)}</li>`).join("")}</ul>`);
  for (const s of sectionsOf(r)) {
    body.push(`<h2>${e(s.title)}</h2>`);
    if (!s.rows.length) { body.push(`<p class="none">None.</p>`); continue; }
    body.push("<ul>");
    for (const row of s.rows) {
      const quotes = [
        ...(row.evidence ? [`<blockquote>${e(row.evidence.speaker ?? "?")} <span class="at">${e(row.evidence.at)}</span>: “${e(row.evidence.quote)}”</blockquote>`] : []),
        ...(row.quotes ?? []).map((q) => `<blockquote>${e(q.speaker ?? "?")}: “${e(q.quote)}”</blockquote>`),
      ].join("");
      body.push(`<li${row.internal ? ` class="internal"` : ""}>${tag(row.internal)}${e(row.head)}${row.detail ? ` <span class="detail">(${e(row.detail)})</span>` : ""}${quotes}</li>`);
    }
    body.push("</ul>");
  }
  if (r.conversations.length) {
    body.push("<h2>Conversations</h2>");
    for (const c of r.conversations) {
      body.push(`<h3>${tag(c.internal)}${e(c.title)} <span class="detail">(${e(c.kind)}, ${e(day(c.startedAt))})</span></h3>`);
      if (c.utterances.length) body.push(`<ul>${c.utterances.map((u) => `<li${u.internal ? ` class="internal"` : ""}>${tag(u.internal)}<span class="at">${e(u.at)}</span> <strong>${e(u.speaker ?? "?")}</strong>: ${e(u.text)}</li>`).join("")}</ul>`);
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(r.deal.name)} — Baton record</title><style>${CSS}</style></head>
<body>
${body.join("\n")}
</body></html>
`;
}

export function renderJson(r: SharedRecord): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
