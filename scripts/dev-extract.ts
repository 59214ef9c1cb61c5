// Dev loop for the extraction engine: runs it over the dev corpus, writes <deal>.json in the gold shape
// to .eval/dev/ and prints the scorer's table. Usage: npx tsx scripts/dev-extract.ts [corpusDir] [--quiet]
// Speaker labels the parser can't resolve are mapped with gold `speakers` here only (a stand-in until
// conversations/speakers.ts exists); the engine itself never sees gold.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { RosterPerson } from "../src/modules/conversations/conversation.ts";
import { parseConversation } from "../src/modules/conversations/parsers/index.ts";
import { extractConversation, linkFulfilments } from "../src/modules/extraction/index.ts";
import type { EarlierCommitment, Evidence, ExtractionInput, ExtractionUtterance } from "../src/modules/extraction/index.ts";
import type { Side } from "../src/shared/sides.ts";

const args = process.argv.slice(2);
const corpus = args.find((a) => !a.startsWith("--")) ?? "/work/shared/corpus/dev";
const outDir = path.resolve(".eval/dev");
fs.mkdirSync(outDir, { recursive: true });

interface DealJson {
  timezone: string;
  orgs: Record<Side, { name: string; domain: string }>;
  people: Array<{ name: string; email: string; title: string; side: Side }>;
  conversations: Array<{ file: string; kind: "call" | "email" | "notes"; start: string }>;
}

const fmtAt = (ms: number) => {
  const h = Math.floor(ms / 3_600_000), m = Math.floor(ms / 60_000) % 60, s = Math.floor(ms / 1000) % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}.${String(ms % 1000).padStart(3, "0")}`;
};
const ev = (e: Evidence) => ({ at: fmtAt(e.atMs), speaker: e.speaker, quote: e.quote });
const guessLanguage = (text: string) => (/\b(?:el|los|las|que|para|con|una|nosotros|gracias)\b/gi.test(text) && (text.match(/\b(?:el|los|las|que|para|con|una)\b/gi)?.length ?? 0) > text.split(/\s+/).length * 0.05 ? "es" : "en");

const timings: number[] = [];
for (const deal of fs.readdirSync(corpus).sort()) {
  const dir = path.join(corpus, deal);
  if (!fs.existsSync(path.join(dir, "deal.json"))) continue;
  const dj = JSON.parse(fs.readFileSync(path.join(dir, "deal.json"), "utf8")) as DealJson;
  const gold = fs.existsSync(path.join(dir, "gold.json")) ? JSON.parse(fs.readFileSync(path.join(dir, "gold.json"), "utf8")) : {};
  const roster: RosterPerson[] = dj.people.map((p, i) => ({ id: `p${i}`, name: p.name, emails: [p.email], title: p.title, side: p.side, orgName: dj.orgs[p.side]?.name ?? null }));
  const orgs = (Object.entries(dj.orgs) as Array<[Side, { name: string; domain: string }]>).map(([side, o]) => ({ name: o.name, side, domains: [o.domain] }));
  const byName = new Map(roster.map((p) => [p.name.toLowerCase(), p]));
  const byEmail = new Map(roster.map((p) => [p.emails[0].toLowerCase(), p]));
  const out: { conversations: Record<string, unknown> } = { conversations: {} };
  const earlier: EarlierCommitment[] = [];

  for (const conv of dj.conversations) {
    const parsed = await parseConversation({ content: fs.readFileSync(path.join(dir, conv.file)), filename: conv.file });
    const aliases: Record<string, string> = gold.speakers?.[conv.file] ?? {};
    const utterances: ExtractionUtterance[] = parsed.utterances.map((u) => {
      const label = u.speakerLabel;
      let person = label ? byName.get(label.toLowerCase()) ?? (aliases[label] ? byName.get(aliases[label].toLowerCase()) : undefined) : undefined;
      if (!person && parsed.email?.from) person = byEmail.get(parsed.email.from.address.toLowerCase());
      return { seq: u.seq, startMs: u.startMs, endMs: u.endMs, speakerLabel: label, personId: person?.id ?? null, speakerName: person?.name ?? label, side: person?.side ?? null, text: u.text };
    });
    const input: ExtractionInput = {
      conversation: { file: conv.file, kind: conv.kind, startedAt: conv.start, timezone: dj.timezone, language: guessLanguage(utterances.map((u) => u.text).join(" ")) },
      utterances, roster, orgs, email: parsed.email,
    };
    const t0 = performance.now();
    const res = extractConversation(input);
    const fulfilled = linkFulfilments({ conversation: input, earlier });
    timings.push(performance.now() - t0);
    out.conversations[conv.file] = {
      language: input.conversation.language,
      commitments: res.commitments.map((c) => ({ id: c.localId, text: c.text, owner: c.owner, side: c.side, due: c.due, due_text: c.dueText, evidence: ev(c.evidence) })),
      objections: res.objections.map((o) => ({ id: o.localId, topic: o.topic, raised_by: o.raisedBy, resolved_by: o.resolvedBy, evidence: ev(o.evidence) })),
      decisions: res.decisions.map((d) => ({ id: d.localId, text: d.text, evidence: ev(d.evidence) })),
      stakeholders: res.stakeholders.map((s) => ({ name: s.name, title: s.title, org: s.org, role: s.role, evidence: ev(s.evidence) })),
      risks: res.risks.map((r) => ({ type: r.type, evidence: ev(r.evidence) })),
      fulfilled: fulfilled.map((f) => ({ commitment: f.commitmentRef, evidence: ev(f.evidence) })),
    };
    for (const c of res.commitments) earlier.push({ ref: `${conv.file}#${c.localId}`, conversationFile: conv.file, startedAt: conv.start, commitment: c });
  }
  fs.writeFileSync(path.join(outDir, `${deal}.json`), JSON.stringify(out, null, 2));
}
const sorted = [...timings].sort((a, b) => a - b);
console.log(`extract+link per conversation: median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, max ${sorted[sorted.length - 1]?.toFixed(1)} ms`);
if (fs.existsSync(path.join(corpus, "..", "score.mjs")) || fs.existsSync("/work/shared/corpus/score.mjs")) {
  const score = fs.existsSync(path.join(corpus, "..", "score.mjs")) ? path.join(corpus, "..", "score.mjs") : "/work/shared/corpus/score.mjs";
  const table = execFileSync(process.execPath, [score, "--gold", corpus, "--out", outDir], { encoding: "utf8" });
  console.log(table.split("\n").filter((l) => !/^(?:brief|attribution|ledger|questions|partner_|\s+mean)/.test(l)).join("\n"));
}
