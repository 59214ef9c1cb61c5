// The evidence pack of a locked attribution snapshot: a self-contained HTML page (inline CSS, no scripts,
// fonts, images or outside links) and the same content as Markdown. Every trail claim links to its quote,
// and every quote's full text is in the page. Pure, no I/O.
import type { DealAttribution } from "./attribution.service.ts";
import type { EvidenceQuote, TrailEntry } from "./trail.ts";

export interface PackMeta { snapshotId: string; version: number; milestone: string; at: string; actor: string }

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const LABEL: Record<string, string> = {
  intro: "Intro", our_first_contact: "Our first contact", joint_conversation: "First joint conversation", partner_present: "Partner took part",
  partner_resolved_objection: "Partner answered an objection", partner_brought_stakeholder: "Partner brought in a stakeholder",
  partner_kept_commitment: "Partner delivered on time", partner_commitment_late: "Partner delivered late", claim_registration: "Registration", claim_note: "Note",
};
export const trailLabel = (kind: string) => LABEL[kind] ?? kind;
const where = (q: EvidenceQuote) => [q.file === "claim" ? q.title : q.file, q.seq != null ? `#${q.seq}` : null, q.offset ? `at ${q.offset}` : null].filter(Boolean).join(" ");
const dateOf = (iso: string | null) => (iso ? iso.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, " UTC") : "undated");
const money = (a: DealAttribution["deal"]) => (a.amount == null ? "no amount" : `${a.amount.toLocaleString("en-US")} ${a.currency ?? ""}`.trim());

const CSS = `body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1c2430;background:#f6f7f9;margin:0}
main{max-width:880px;margin:0 auto;padding:32px 24px 64px}h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 12px;border-bottom:1px solid #dde1e7;padding-bottom:6px}
.meta{color:#5b6675;font-size:13px}.badge{display:inline-block;padding:2px 10px;border-radius:999px;font-weight:600;font-size:13px}
.sourced{background:#e3f4e8;color:#1d6b35}.influenced{background:#e6eefc;color:#1f4aa8}.none{background:#eceef1;color:#4a5461}
ol.trail{padding-left:0;list-style:none}ol.trail li{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:10px 14px;margin:0 0 8px}
.when{color:#5b6675;font-size:12px}.kind{font-weight:600}.muted{color:#7a8491}.cite a{font-size:13px;margin-right:10px}
blockquote{margin:0 0 12px;background:#fff;border-left:4px solid #9aa6b6;padding:8px 14px;white-space:pre-wrap;border-radius:0 6px 6px 0}
blockquote.partner{border-left-color:#d97706}blockquote.ours{border-left-color:#2563eb}blockquote.buyer{border-left-color:#0d9488}
.src{font-size:12px;color:#5b6675;margin-bottom:2px}ul.reasons li{margin-bottom:4px}footer{margin-top:40px;font-size:12px;color:#7a8491}`;

interface Quoted { id: string; q: EvidenceQuote }
function number(trail: TrailEntry[]): Map<TrailEntry, Quoted[]> {
  const out = new Map<TrailEntry, Quoted[]>();
  let n = 0;
  for (const t of trail) out.set(t, t.evidence.map((q) => ({ id: `q${++n}`, q })));
  return out;
}

export function renderEvidencePackHtml(a: DealAttribution, meta: PackMeta): string {
  const quoted = number(a.trail);
  const at = a.attribution;
  const trail = a.trail.map((t) => {
    const cites = quoted.get(t)!.map(({ id, q }) => `<a href="#${id}">${esc(where(q))}</a>`).join("");
    return `<li id="${esc(t.id)}"><div class="when">${esc(dateOf(t.at))}${t.counts ? "" : " · not counted by the rules"}</div>
<div><span class="kind">${esc(trailLabel(t.kind))}:</span> ${esc(t.text)}</div>
<div class="cite">${cites || '<span class="muted">no quote on record</span>'}</div></li>`;
  }).join("\n");
  const quotes = a.trail.flatMap((t) => quoted.get(t)!.map(({ id, q }) =>
    `<div id="${id}"><div class="src">${esc(where(q))} · ${esc(q.title)} · ${esc(q.speaker ?? "unknown speaker")}${q.side ? ` (${q.side})` : ""} · ${esc(dateOf(q.occurredAt))} · for <a href="#${esc(t.id)}">${esc(trailLabel(t.kind))}</a></div>
<blockquote class="${q.side ?? ""}">${esc(q.quote)}</blockquote></div>`)).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Attribution evidence · ${esc(a.deal.name)} · v${meta.version}</title><style>${CSS}</style></head>
<body><main>
<h1>${esc(a.deal.name)}</h1>
<div class="meta">Attribution snapshot v${meta.version} · milestone ${esc(meta.milestone)} · stage ${esc(a.deal.stage)} · ${esc(money(a.deal))} · partners: ${esc(a.deal.partners.map((p) => p.name).join(", ") || "none")}</div>
<div class="meta">Locked ${esc(dateOf(meta.at))} by ${esc(meta.actor)} · snapshot ${esc(meta.snapshotId)} · later edits create a new version; this one never changes.</div>
<h2>Classification</h2>
<p><span class="badge ${at.classification}">${esc(at.classification)}</span> confidence ${Math.round(at.confidence * 100)}%${at.introducedBy ? ` · introduced by ${esc(at.introducedBy)} on ${esc(at.introducedOn ?? "unknown date")}` : ""}${at.firstJointConversation ? ` · first joint conversation ${esc(at.firstJointConversation)}` : ""}</p>
<ul class="reasons">${at.reasons.map((r) => `<li>${esc(r)}</li>`).join("")}</ul>
<h2>Evidence trail</h2>
<ol class="trail">
${trail}
</ol>
<h2>Quotes and emails</h2>
${quotes || '<p class="muted">No quotes on record.</p>'}
<h2>Rules applied</h2>
<blockquote>${esc(JSON.stringify(a.rules, null, 2))}</blockquote>
<footer>Baton · <a href="/deals/${encodeURIComponent(a.deal.slug)}">open the deal in Baton</a></footer>
</main></body></html>
`;
}

const mdEsc = (s: string) => s.replace(/([\\`*_[\]<>])/g, "\\$1");
export function renderEvidencePackMarkdown(a: DealAttribution, meta: PackMeta): string {
  const quoted = number(a.trail);
  const at = a.attribution;
  const lines = [
    `# ${mdEsc(a.deal.name)}: attribution snapshot v${meta.version}`, "",
    `Milestone **${mdEsc(meta.milestone)}** · stage ${mdEsc(a.deal.stage)} · ${mdEsc(money(a.deal))} · partners: ${mdEsc(a.deal.partners.map((p) => p.name).join(", ") || "none")}`,
    `Locked ${dateOf(meta.at)} by ${mdEsc(meta.actor)} (snapshot ${meta.snapshotId}). Later edits create a new version; this one never changes.`, "",
    "## Classification", "",
    `**${at.classification}**, confidence ${Math.round(at.confidence * 100)}%${at.introducedBy ? `, introduced by ${mdEsc(at.introducedBy)} on ${at.introducedOn ?? "unknown date"}` : ""}`, "",
    ...at.reasons.map((r) => `- ${mdEsc(r)}`), "",
    "## Evidence trail", "",
    ...a.trail.map((t, i) => {
      const cites = quoted.get(t)!.map(({ id, q }) => `[${mdEsc(where(q))}](#${id})`).join(", ");
      return `${i + 1}. <a id="${t.id}"></a>${dateOf(t.at)}: **${trailLabel(t.kind)}**: ${mdEsc(t.text)}${t.counts ? "" : " _(not counted by the rules)_"}${cites ? `. Evidence: ${cites}` : ""}`;
    }), "",
    "## Quotes and emails", "",
    ...a.trail.flatMap((t) => quoted.get(t)!.flatMap(({ id, q }) => [
      `<a id="${id}"></a>**${mdEsc(where(q))}** · ${mdEsc(q.title)} · ${mdEsc(q.speaker ?? "unknown speaker")}${q.side ? ` (${q.side})` : ""} · ${dateOf(q.occurredAt)}`, "",
      ...q.quote.split("\n").map((l) => `> ${l}`), "",
    ])),
  ];
  return lines.join("\n");
}
