// Pre-call and catch-up briefs, no I/O: assembled from the record's sources, every line with its evidence; Markdown and email renderings.
import type { Side } from "../../shared/sides.ts";

export interface BriefEvidence { conversationId: string; conversation: string; seq: number; speaker: string | null; quote: string }
export interface BriefLine { text: string; evidence: BriefEvidence[]; side?: Side | null; owner?: string | null; due?: string | null; status?: string }
export interface BriefSection { key: string; title: string; lines: BriefLine[] }
export interface Brief {
  kind: "pre-call" | "catch-up";
  deal: { id: string; name: string };
  asOf: string;
  perspective: "ours" | "partner";
  next: { conversationId: string | null; title: string; startedAt: string | null } | null;
  sections: BriefSection[];
  topicLeads: Array<{ topic: string; label: string; personId: string | null; name: string | null; side: Side | null; isSet: boolean; evidence: BriefEvidence[] }>;
}

export interface BriefCommitment { itemId: string; text: string | null; owner: string | null; side: Side | null; due: string | null; status: string; evidence: BriefEvidence }
export interface BriefObjection { itemId: string; topic: string; raisedBy: string | null; resolvedBy: string | null; evidence: BriefEvidence; resolution: BriefEvidence | null }
export interface BriefRisk { type: string; text: string; evidence: BriefEvidence }
export interface BriefPerson {
  id: string; name: string; title: string | null; side: Side | null; orgName: string | null;
  /** First time they spoke on a call or wrote, if ever. */
  spoke: BriefEvidence | null;
  /** Where they are named (a stakeholder item or an email addressing them), if they never spoke. */
  named: BriefEvidence | null;
}
export interface BriefTopic { topic: string; label: string; evidence: BriefEvidence[]; bySpeaker: Array<{ personId: string | null; name: string; side: Side | null; turns: number }> }
export interface BriefLead { topic: string; personId: string | null; personName: string; side: Side | null }

export interface BriefSources {
  deal: { id: string; name: string }; asOf: string; perspective: "ours" | "partner";
  next: Brief["next"];
  commitments: BriefCommitment[]; objections: BriefObjection[]; risks: BriefRisk[]; people: BriefPerson[];
  topics: BriefTopic[]; leads: BriefLead[];
}

const SIDE_NAMES: Record<string, string> = { ours: "Our side", partner: "Partner", buyer: "Buyer", unknown: "Owner unclear" };
const SENSITIVE_TOPICS = new Set(["pricing", "legal"]);
const isOpen = (c: BriefCommitment) => c.status === "open" || c.status === "overdue";
const commitmentText = (c: BriefCommitment) => `${c.owner ?? "Owner unclear"}: ${c.text ?? c.evidence.quote}${c.due ? ` (due ${c.due}${c.status === "overdue" ? ", overdue" : ""})` : ""}`;
const bySides = (cs: BriefCommitment[], titlePrefix: string, key: string): BriefSection[] =>
  (["ours", "partner", "buyer", null] as const).map((s) => ({
    key: `${key}.${s ?? "unknown"}`, title: `${titlePrefix} — ${SIDE_NAMES[s ?? "unknown"]}`,
    lines: cs.filter((c) => c.side === s).map((c) => ({ text: commitmentText(c), evidence: [c.evidence], side: c.side, owner: c.owner, due: c.due, status: c.status })),
  })).filter((x) => x.lines.length);

function objectionLine(o: BriefObjection): BriefLine {
  return o.resolution
    ? { text: `${o.topic}: ${o.raisedBy ?? "?"} — "${o.evidence.quote}" → answered by ${o.resolvedBy ?? o.resolution.speaker ?? "?"}: "${o.resolution.quote}"`, evidence: [o.evidence, o.resolution], status: "answered" }
    : { text: `${o.topic}: ${o.raisedBy ?? "?"} — "${o.evidence.quote}" (still standing)`, evidence: [o.evidence], status: "open" };
}

function leadsOf(s: BriefSources): Brief["topicLeads"] {
  return s.topics.map((t) => {
    const set = s.leads.find((l) => l.topic === t.topic);
    if (set) return { topic: t.topic, label: t.label, personId: set.personId, name: set.personName, side: set.side, isSet: true, evidence: t.evidence };
    // Suggested: the selling-side person who spoke most on it.
    const top = t.bySpeaker.filter((x) => x.side === "ours" || x.side === "partner").sort((a, b) => b.turns - a.turns)[0];
    return { topic: t.topic, label: t.label, personId: top?.personId ?? null, name: top?.name ?? null, side: top?.side ?? null, isSet: false, evidence: t.evidence };
  });
}

export function buildPreCallBrief(s: BriefSources): Brief {
  const open = s.commitments.filter(isOpen);
  const other: Side = s.perspective === "ours" ? "partner" : "ours";
  const standing = s.objections.filter((o) => !o.resolution);
  const notMet = s.people.filter((p) => !p.spoke && p.side === "buyer");
  const sensitive = s.topics.filter((t) => SENSITIVE_TOPICS.has(t.topic));
  const sections: BriefSection[] = [
    ...bySides(open, "Open commitments", "open"),
    { key: "objections", title: "Objections still standing", lines: standing.map(objectionLine) },
    { key: "not-met", title: "Stakeholders not yet met", lines: notMet.map((p) => ({ text: `${p.name}${p.title ? `, ${p.title}` : ""}${p.orgName ? ` (${p.orgName})` : ""} — named, never heard from`, evidence: p.named ? [p.named] : [], side: p.side })) },
    { key: "dont-commit", title: "Don't commit unilaterally to", lines: [
      ...open.filter((c) => c.side === other).map((c) => ({ text: `${commitmentText(c)} — ${SIDE_NAMES[other].toLowerCase()} owns it`, evidence: [c.evidence], side: c.side, owner: c.owner, due: c.due, status: c.status })),
      ...sensitive.map((t) => ({ text: `${t.label}: agree a position with the ${other === "partner" ? "partner" : "vendor"} before answering`, evidence: t.evidence })),
      ...s.objections.filter((o) => SENSITIVE_TOPICS.has(o.topic) && o.resolution).map((o) => ({ text: `${o.topic} answer already given: "${o.resolution!.quote}" — don't change it alone`, evidence: [o.resolution!] })),
    ] },
  ];
  return { kind: "pre-call", deal: s.deal, asOf: s.asOf, perspective: s.perspective, next: s.next, sections, topicLeads: leadsOf(s) };
}

export function buildCatchUpBrief(s: BriefSources): Brief {
  const people = (side: Side) => s.people.filter((p) => p.side === side).map((p) => ({
    text: `${p.name}${p.title ? `, ${p.title}` : ""}${p.orgName ? ` (${p.orgName})` : ""}${p.spoke ? "" : " — not heard from yet"}`,
    evidence: p.spoke ? [p.spoke] : p.named ? [p.named] : [], side,
  }));
  const unresolved = s.objections.filter((o) => !o.resolution);
  const sections: BriefSection[] = [
    { key: "who.ours", title: "Who is who — our side", lines: people("ours") },
    { key: "who.partner", title: "Who is who — partner", lines: people("partner") },
    { key: "who.buyer", title: "Who is who — buyer", lines: people("buyer") },
    ...bySides(s.commitments, "Promised", "promised").map((sec) => ({ ...sec, lines: sec.lines.map((l) => ({ ...l, text: `${l.text} [${l.status}]` })) })),
    { key: "objections", title: "Objections and how they were answered", lines: s.objections.map(objectionLine) },
    { key: "hesitation", title: "Where the buyer's hesitation lives", lines: [
      ...s.risks.map((r) => ({ text: `${r.type} risk: ${r.text}`, evidence: [r.evidence] })),
      ...unresolved.map(objectionLine),
    ] },
    { key: "open", title: "Still open", lines: s.commitments.filter(isOpen).map((c) => ({ text: commitmentText(c), evidence: [c.evidence], side: c.side, owner: c.owner, due: c.due, status: c.status })) },
  ];
  // Every line cited: a person never heard from nor named anywhere stays out rather than appear uncited.
  for (const sec of sections) sec.lines = sec.lines.filter((l) => l.evidence.length > 0);
  return { kind: "catch-up", deal: s.deal, asOf: s.asOf, perspective: s.perspective, next: s.next, sections, topicLeads: leadsOf(s) };
}

const cite = (e: BriefEvidence) => `[${e.conversation} #${e.seq}${e.speaker ? `, ${e.speaker}` : ""}: "${e.quote.length > 120 ? `${e.quote.slice(0, 117)}…` : e.quote}"]`;

export function briefTitle(b: Brief): string {
  return b.kind === "pre-call"
    ? `Pre-call brief: ${b.deal.name} — ${b.next?.title ?? "next call"}${b.next?.startedAt ? ` (${b.next.startedAt.slice(0, 16).replace("T", " ")} UTC)` : ""}`
    : `Catch-up brief: ${b.deal.name}`;
}

export function renderBriefMarkdown(b: Brief): string {
  const out = [`# ${briefTitle(b)}`, "", `As of ${b.asOf.slice(0, 10)}, for ${b.perspective === "ours" ? "our side" : "the partner"}.`, ""];
  for (const s of b.sections) {
    out.push(`## ${s.title}`, "");
    if (!s.lines.length) out.push("_Nothing._", "");
    for (const l of s.lines) out.push(`- ${l.text}`, ...l.evidence.map((e) => `  - ${cite(e)}`));
    if (s.lines.length) out.push("");
  }
  if (b.kind === "pre-call" && b.topicLeads.length) {
    out.push("## Who leads which topic", "");
    for (const t of b.topicLeads) out.push(`- ${t.label}: ${t.name ?? "nobody yet"}${t.isSet ? "" : " (suggested)"}`);
    out.push("");
  }
  return out.join("\n");
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function renderBriefEmail(b: Brief): { subject: string; text: string; html: string } {
  const html = [`<h2>${esc(briefTitle(b))}</h2>`];
  for (const s of b.sections) {
    if (!s.lines.length) continue;
    html.push(`<h3>${esc(s.title)}</h3><ul>`);
    for (const l of s.lines) html.push(`<li>${esc(l.text)}${l.evidence.map((e) => `<br><small>${esc(cite(e))}</small>`).join("")}</li>`);
    html.push("</ul>");
  }
  if (b.kind === "pre-call" && b.topicLeads.length) {
    html.push("<h3>Who leads which topic</h3><ul>", ...b.topicLeads.map((t) => `<li>${esc(t.label)}: ${esc(t.name ?? "nobody yet")}${t.isSet ? "" : " (suggested)"}</li>`), "</ul>");
  }
  return { subject: briefTitle(b), text: renderBriefMarkdown(b), html: `<!doctype html><html><body>${html.join("\n")}</body></html>` };
}
