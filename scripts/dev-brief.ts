// Dev measurement: runs extractBrief on every corpus deal's intro.eml and compares with
// gold.brief using score.mjs's rules. Usage:
//   npx tsx scripts/dev-brief.ts [CORPUS_DIR] [--no-orgs] [--verbose]
// --no-orgs passes empty orgs/people, to measure the inference from text and domains.
import fs from "node:fs";
import path from "node:path";
import { parseConversation } from "../src/modules/conversations/parsers/index.ts";
import type { Side } from "../src/shared/sides.ts";
import { briefToGoldShape, extractBrief } from "../src/modules/handoff/brief.ts";
import type { BriefOrg, BriefPerson } from "../src/modules/handoff/brief.ts";

const args = process.argv.slice(2);
const root = args.find((a) => !a.startsWith("--")) ?? "/work/shared/corpus/dev";
const noOrgs = args.includes("--no-orgs");
const verbose = args.includes("--verbose");

const norm = (s: unknown) => String(s ?? "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
  .replace(/[^\p{L}\p{N}@.]+/gu, " ").trim();
const tokens = (s: unknown) => norm(s).split(/\s+/).filter(Boolean);
function overlap(a: unknown, b: unknown) {
  const ta = tokens(a), tb = tokens(b);
  if (!ta.length || !tb.length) return { ratio: 0, common: 0, la: ta.length, lb: tb.length };
  const bag = new Map<string, number>();
  for (const t of tb) bag.set(t, (bag.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of ta) { const n = bag.get(t) ?? 0; if (n > 0) { common++; bag.set(t, n - 1); } }
  return { ratio: common / Math.min(ta.length, tb.length), common, la: ta.length, lb: tb.length };
}
function f1(a: unknown, b: unknown) {
  const o = overlap(a, b);
  if (!o.common) return 0;
  const p = o.common / o.la, r = o.common / o.lb;
  return (2 * p * r) / (p + r);
}
const samePerson = (g: unknown, p: unknown) => (g == null || p == null ? g == null && p == null : norm(g) === norm(p));

const totals = new Map<string, { n: number; ok: number }>();
const add = (field: string, ok: boolean) => {
  const t = totals.get(field) ?? { n: 0, ok: 0 };
  t.n++; if (ok) t.ok++;
  totals.set(field, t);
};

for (const deal of fs.readdirSync(root).sort()) {
  const dir = path.join(root, deal);
  if (!fs.existsSync(path.join(dir, "intro.eml"))) continue;
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "deal.json"), "utf8"));
  const gold = JSON.parse(fs.readFileSync(path.join(dir, "gold.json"), "utf8")).brief;
  const parsed = await parseConversation({ content: fs.readFileSync(path.join(dir, "intro.eml")), filename: "intro.eml" });
  if (!parsed.email) throw new Error(`${deal}: intro.eml parsed without email meta`);
  const orgs: BriefOrg[] = noOrgs ? [] : Object.entries(meta.orgs as Record<string, { name: string; domain: string }>)
    .map(([side, o]) => ({ name: o.name, side: side as Side, domains: [o.domain] }));
  const people: BriefPerson[] = noOrgs ? [] : (meta.people as Array<{ name: string; email: string; title: string | null; side: Side }>)
    .map((p) => ({ name: p.name, emails: p.email ? [p.email] : [], title: p.title ?? null, side: p.side }));
  const brief = extractBrief({
    email: parsed.email, orgs, people, timezone: meta.timezone, workspaceDomains: [meta.orgs.ours.domain],
  });
  const sb = briefToGoldShape(brief);
  const checks: Array<[string, boolean, unknown, unknown]> = [
    ["buyer.name", samePerson(gold.buyer_contact?.name, sb.buyer_contact.name), gold.buyer_contact?.name, sb.buyer_contact.name],
    ["buyer.email", norm(gold.buyer_contact?.email) === norm(sb.buyer_contact.email), gold.buyer_contact?.email, sb.buyer_contact.email],
    ["buyer.title", overlap(gold.buyer_contact?.title, sb.buyer_contact.title).ratio >= 0.5, gold.buyer_contact?.title, sb.buyer_contact.title],
    ["buyer_company", overlap(gold.buyer_company, sb.buyer_company).ratio >= 0.5, gold.buyer_company, sb.buyer_company],
    ["partner.name", samePerson(gold.partner_contact?.name, sb.partner_contact.name), gold.partner_contact?.name, sb.partner_contact.name],
    ["partner.email", norm(gold.partner_contact?.email) === norm(sb.partner_contact.email), gold.partner_contact?.email, sb.partner_contact.email],
    ["partner_company", overlap(gold.partner_company, sb.partner_company).ratio >= 0.5, gold.partner_company, sb.partner_company],
    ["urgency", gold.urgency === sb.urgency, gold.urgency, sb.urgency],
    ["requested_by", (gold.requested_by ?? null) === (sb.requested_by ?? null), gold.requested_by, sb.requested_by],
  ];
  for (const [field, key] of [["problem", "problem"], ["why_now", "why_now"], ["next_step", "expected_next_step"]] as const) {
    const g = gold[key], p = sb[key];
    checks.push([field, g == null ? p == null : f1(g, p) >= 0.3, g, `${p} [F1=${f1(g, p).toFixed(2)}]`]);
  }
  const failed = checks.filter((c) => !c[1]);
  console.log(`${deal}: ${checks.length - failed.length}/${checks.length}  introducedOn=${brief.introducedOn} lang=${brief.language}`);
  for (const [field, ok, g, p] of checks) {
    add(field, ok);
    if (!ok || verbose) console.log(`   ${ok ? "ok  " : "MISS"} ${field.padEnd(16)} gold=${JSON.stringify(g)}\n${" ".repeat(26)}got=${JSON.stringify(p)}`);
  }
}
console.log("\nfield              score");
for (const [field, t] of totals) console.log(`${field.padEnd(18)} ${(100 * t.ok / t.n).toFixed(0).padStart(4)}%  (${t.ok}/${t.n})`);
