// The two-recap check, no I/O: which emails recap a call, what each states as next steps, and every date, amount,
// owner or commitment one states differently or leaves out — settled by what was said on the call.
import { createDueContext, resolveDue } from "../extraction/index.ts";
import type { RecapEvidence } from "./recap.ts";
import { contentWords } from "./text-match.ts";

export interface CheckCall { id: string; title: string; startedAt: string; timezone: string; language: string | null }
export interface CheckEmail {
  conversationId: string; subject: string | null; from: string | null; date: string; bodyText: string;
  utterances: Array<{ seq: number; text: string }>;
}
export interface CheckCommitment { owner: string | null; text: string; due: string | null; dueText: string | null; evidence: RecapEvidence }
export interface CheckPerson { name: string }

export interface Statement { conversationId: string; seq: number | null; text: string; owner: string | null; due: string | null; dueText: string | null; amounts: string[] }
export interface Divergence {
  kind: "date" | "amount" | "owner" | "missing" | "unsupported";
  subject: string;
  statements: Array<{ source: string; conversationId: string | null; seq: number | null; says: string | null }>;
  settledBy: RecapEvidence[];
  verdict: string;
}

const RECAP_WORDS = /\b(recap|summary|next steps|follow[- ]?up|notes|minutes|resumen|próximos pasos|zusammenfassung|nächste schritte|resumo|próximos passos)\b/iu;
const DAY_MS = 86_400_000;

/** Emails that recap the call: after it, before the next call (or within a week), subject naming the call or recap words; best two. */
export function pickRecapEmails(call: CheckCall, emails: CheckEmail[], nextCallAt: string | null): Array<CheckEmail & { reason: string }> {
  const start = new Date(call.startedAt).getTime();
  const end = nextCallAt ? new Date(nextCallAt).getTime() : start + 7 * DAY_MS;
  const titleWords = contentWords(call.title);
  const scored = emails.flatMap((e) => {
    const t = new Date(e.date).getTime();
    if (!(t >= start && t < end)) return [];
    const subject = e.subject ?? "";
    const subj = new Set(contentWords(subject));
    const namesCall = titleWords.length > 0 && titleWords.every((w) => subj.has(w));
    const isRecap = RECAP_WORDS.test(subject) || RECAP_WORDS.test(e.bodyText.slice(0, 300));
    if (!namesCall && !isRecap) return [];
    const reason = [namesCall && `subject names "${call.title}"`, isRecap && "recap / next-steps wording", `sent ${Math.round((t - start) / 3_600_000)} h after the call`].filter(Boolean).join("; ");
    return [{ ...e, reason, score: (namesCall ? 2 : 0) + (isRecap ? 1 : 0) - (t - start) / (30 * DAY_MS) }];
  });
  return scored.sort((a, b) => b.score - a.score).slice(0, 2).sort((a, b) => a.date.localeCompare(b.date)).map(({ score: _s, ...e }) => e);
}

const AMOUNT_RE = /(?:[$€£]\s?\d[\d.,]*\s?[km]?|\b\d[\d.,]*\s?(?:k|m|eur|usd|nok|gbp|euros?|dollars?|kr)\b)/giu;
const BULLET_RE = /^\s*(?:[-*•–]|\d+[.)])\s+/u;
const amountsIn = (text: string) => (text.match(AMOUNT_RE) ?? []).map((a) => a.toLowerCase().replace(/\s+/g, ""));

/** The next steps an email states: its bullet lines, else its sentences that promise something or name a date. */
export function readStatements(email: CheckEmail, call: CheckCall, people: CheckPerson[]): Statement[] {
  const lines = email.bodyText.split(/\n+/).map((l) => l.trim()).filter(Boolean);
  const bullets = lines.filter((l) => BULLET_RE.test(l)).map((l) => l.replace(BULLET_RE, ""));
  const ctx = createDueContext({ startedAt: email.date, timezone: call.timezone, language: call.language });
  const candidates = bullets.length ? bullets
    : lines.flatMap((l) => l.split(/(?<=[.!?])\s+/)).filter((s) => /\b(will|'ll|by|until|bis|hasta|até)\b/iu.test(s) || resolveDue(s, ctx).due);
  return candidates.map((text) => {
    const due = resolveDue(text, ctx);
    const seq = email.utterances.find((u) => u.text.replace(/\s+/g, " ").includes(text.slice(0, 40)))?.seq ?? null;
    return { conversationId: email.conversationId, seq, text, owner: findOwner(text, people), due: due.due, dueText: due.dueText, amounts: amountsIn(text) };
  });
}

function findOwner(text: string, people: CheckPerson[]): string | null {
  const lower = text.toLowerCase();
  const full = people.find((p) => lower.includes(p.name.toLowerCase()));
  if (full) return full.name;
  const first = people.filter((p) => new RegExp(`\\b${p.name.split(/\s+/)[0].toLowerCase()}\\b`, "u").test(lower));
  return first.length === 1 ? first[0].name : null;
}

/** Share of the commitment's words the statement repeats (owner names left out). */
function matchScore(c: CheckCommitment, s: Statement): number {
  const cw = new Set(contentWords(c.text));
  if (!cw.size) return 0;
  const sw = new Set(contentWords(s.text));
  let n = 0;
  for (const w of cw) if (sw.has(w)) n++;
  return n / cw.size;
}

export interface CheckInput {
  call: CheckCall; commitments: CheckCommitment[]; callUtterances: Array<{ seq: number; speakerName: string | null; text: string }>;
  recaps: Array<CheckEmail & { reason: string }>; people: CheckPerson[];
}

export function compareRecaps(input: CheckInput): Divergence[] {
  const { call } = input;
  const label = (e: CheckEmail) => `${e.from ?? "email"} (${e.subject ?? e.conversationId})`;
  const stated = input.recaps.map((e) => ({ email: e, statements: readStatements(e, call, input.people) }));
  const out: Divergence[] = [];
  const used = new Set<Statement>();
  for (const c of input.commitments) {
    const subject = `${c.owner ?? "?"}: ${c.text}`;
    const matches = stated.map(({ email, statements }) => {
      const best = statements.map((s) => ({ s, score: matchScore(c, s) })).sort((a, b) => b.score - a.score)[0];
      return { email, s: best && best.score >= 0.5 ? best.s : null };
    });
    for (const m of matches) if (m.s) used.add(m.s);
    const said = (m: (typeof matches)[number]) => ({ source: label(m.email), conversationId: m.email.conversationId, seq: m.s?.seq ?? null, says: m.s?.text ?? null });
    const left = matches.filter((m) => !m.s);
    if (left.length) {
      out.push({ kind: "missing", subject, statements: matches.map(said), settledBy: [c.evidence],
        verdict: `${left.map((m) => label(m.email)).join(" and ")} leave${left.length === 1 ? "s" : ""} out a commitment made on the call` });
    }
    const dated = matches.filter((m) => m.s?.due);
    if (c.due && dated.some((m) => m.s!.due !== c.due)) {
      out.push({ kind: "date", subject, statements: dated.map(said), settledBy: [c.evidence],
        verdict: `On the call: ${c.due}${c.dueText ? ` ("${c.dueText}")` : ""}; ${dated.filter((m) => m.s!.due !== c.due).map((m) => `${label(m.email)} says ${m.s!.due}`).join("; ")}` });
    } else if (!c.due && new Set(dated.map((m) => m.s!.due)).size > 1) {
      out.push({ kind: "date", subject, statements: dated.map(said), settledBy: [c.evidence], verdict: "The recaps give different dates; the call named none" });
    }
    const owned = matches.filter((m) => m.s?.owner);
    if (c.owner && owned.some((m) => m.s!.owner !== c.owner)) {
      out.push({ kind: "owner", subject, statements: owned.map(said), settledBy: [c.evidence], verdict: `On the call ${c.owner} took it on` });
    }
  }
  const callAmounts = input.callUtterances.flatMap((u) => amountsIn(u.text).map((a) => ({ a, u })));
  for (const { email, statements } of stated) {
    for (const s of statements) {
      for (const a of s.amounts) {
        if (callAmounts.some((x) => x.a === a)) continue;
        const near = callAmounts.length ? callAmounts : [];
        out.push({ kind: "amount", subject: s.text, statements: [{ source: label(email), conversationId: email.conversationId, seq: s.seq, says: s.text }],
          settledBy: near.map((x) => ({ conversationId: call.id, seq: x.u.seq, speaker: x.u.speakerName, quote: x.u.text })),
          verdict: near.length ? `The call named ${[...new Set(near.map((x) => x.a))].join(", ")}, not ${a}` : `No amount was named on the call (${a})` });
      }
      if (used.has(s) || !(s.owner || s.due)) continue;
      const other = stated.filter((x) => x.email !== email).flatMap((x) => x.statements);
      if (other.some((o) => contentOverlap(o.text, s.text) >= 0.5)) continue;
      out.push({ kind: "unsupported", subject: s.text, statements: [{ source: label(email), conversationId: email.conversationId, seq: s.seq, says: s.text }], settledBy: [],
        verdict: "Only this recap states it, and no commitment on the call matches" });
    }
  }
  return out;
}

function contentOverlap(a: string, b: string): number {
  const A = new Set(contentWords(a)), B = new Set(contentWords(b));
  if (!A.size || !B.size) return 0;
  let n = 0;
  for (const w of A) if (B.has(w)) n++;
  return n / Math.min(A.size, B.size);
}
