// Ask Baton: answers a question over one deal's (or the workspace's) conversations with cited evidence.
// The structured record answers first; full-text retrieval over utterances fills in or stands alone.
import { getDeal } from "../deals/index.ts";
import { formatAt } from "../record/index.ts";
import type { Deps } from "../../shared/deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { Side } from "../../shared/sides.ts";
import { countUtterances, listAskableDealIds, listAskConversations, listAskItems, loadRoster, searchUtterances } from "./ask.repo.ts";
import { parseQuestion } from "./question.ts";
import {
  answerCommitments, answerFromText, answerObjections, answerRisks, answerStakeholders, chronological, retrievalGroups, type AskContext, type Hit,
} from "./strategies.ts";
import { buildTermGroups } from "./synonyms.ts";

export interface AskAudience { partnerOrgId?: string }
export interface AskEvidence {
  conversationId: string; conversation: string; seq: number; at: string; atMs: number; speaker: string | null; side: Side | null; quote: string;
}
export interface AskAnswer { q: string; answer: string; confidence: "strong" | "weak" | "none"; evidence: AskEvidence[] }

export const NOT_FOUND_ANSWER = "Not found in this deal's conversations.";

export async function askDeal(deps: Deps, input: { dealId: string; question: string; audience?: AskAudience; limit?: number }): Promise<AskAnswer> {
  const deal = await getDeal(deps, input.dealId);
  if (input.audience?.partnerOrgId && !(await listAskableDealIds(deps, { dealId: deal.id, partnerOrgId: input.audience.partnerOrgId })).length) {
    throw notFound(`Deal ${input.dealId}`);
  }
  return askOver(deps, [deal.id], input.question, input.audience != null, input.limit ?? 5);
}

export async function askWorkspace(deps: Deps, input: { question: string; audience?: AskAudience; limit?: number }): Promise<AskAnswer> {
  const dealIds = await listAskableDealIds(deps, { partnerOrgId: input.audience?.partnerOrgId });
  const a = await askOver(deps, dealIds, input.question, input.audience != null, input.limit ?? 5);
  return a.confidence === "none" ? { ...a, answer: "Not found in any deal's conversations." } : a;
}

async function askOver(deps: Deps, dealIds: string[], question: string, excludeInternal: boolean, limit: number): Promise<AskAnswer> {
  const [roster, convList, items] = await Promise.all([
    loadRoster(deps, dealIds), listAskConversations(deps, dealIds),
    listAskItems(deps, { dealIds, kinds: ["commitment", "objection", "risk", "stakeholder", "fulfilment", "decision"], excludeInternal }),
  ]);
  const convs = new Map(convList.map((c) => [c.id, c]));
  const convIds = convList.map((c) => c.id);
  const q = parseQuestion(question, roster.people, roster.orgs);
  const ctx: AskContext = { q, people: roster.people, orgs: roster.orgs, convs, items: items.filter((i) => convs.has(i.conversationId)) };
  const groups = retrievalGroups(q);
  const terms = [...new Set(groups.flatMap((g) => g.alts.map((a) => a.text)))];
  const total = await countUtterances(deps, convIds, excludeInternal);
  const search = (f: { sides?: Side[]; personIds?: string[]; terms?: string[] } = {}) =>
    searchUtterances(deps, { conversationIds: convIds, terms: f.terms ?? terms, excludeInternal, sides: f.sides, personIds: f.personIds });

  const structured: Hit[] = [];
  const has = (i: string) => q.intents.includes(i as never);
  if (has("objections")) {
    const scene = /\bwhen the (partner|buyer|customer)\b/.test(question.toLowerCase()) && q.groups.length
      ? await search({ sides: [/partner/i.test(question) ? "partner" : "buyer"], terms: buildTermGroups(q.topic).flatMap((g) => g.alts.map((a) => a.text)) })
      : [];
    structured.push(...answerObjections(ctx, scene));
  } else if (has("commitments")) structured.push(...answerCommitments(ctx));
  else if (has("risks")) structured.push(...answerRisks(ctx));
  if ((has("stakeholders") || has("approval")) && !has("commitments") && !has("objections")) structured.push(...answerStakeholders(ctx));

  let text: Hit[] = [];
  if (has("first") || has("last")) {
    const found = answerFromText(ctx, await search({ sides: q.sides }), groups, { totalDocs: total, minCoverage: 0.6 });
    const strong = found.filter((h) => h.strong);
    const pool = strong.length ? strong : found;
    const sorted = chronological(ctx, pool);
    text = (has("last") ? sorted.reverse() : sorted).slice(0, 1);
  } else if (groups.length) {
    const people = q.personIds.length ? q.personIds : undefined;
    text = answerFromText(ctx, await search({ personIds: people }), groups, { totalDocs: total });
    if (people && !text.length) text = answerFromText(ctx, await search(), groups, { totalDocs: total });
  }

  // A list from the record is the answer; text only adds to a thin one (or to what a named person said).
  const room = structured.length >= 2 && !q.personIds.length ? 0 : Math.max(0, Math.min(limit - structured.length, structured.length ? 3 : limit));
  const hits = dedupe([...structured.slice(0, limit), ...(structured.length ? text.filter((h) => h.strong) : text).slice(0, room)]).slice(0, limit);
  if (!hits.length) return { q: question, answer: NOT_FOUND_ANSWER, confidence: "none", evidence: [] };
  const isStrong = structured.length > 0 || hits.some((h) => h.strong);
  const shown = isStrong ? hits.filter((h, i) => h.strong || i < structured.length) : hits.slice(0, 3);
  const lines = shown.map((h) => h.line);
  const answer = isStrong ? lines.join("\n") : `I couldn't find a clear answer; nearest matches:\n${lines.join("\n")}`;
  return {
    q: question, answer, confidence: isStrong ? "strong" : "weak",
    evidence: shown.map((h) => ({
      conversationId: h.conversationId, conversation: convs.get(h.conversationId)?.file ?? h.conversationId, seq: h.seq,
      at: formatAt(h.atMs), atMs: h.atMs, speaker: h.speaker, side: h.side, quote: h.quote,
    })),
  };
}

function dedupe(hits: Hit[]): Hit[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    const k = `${h.conversationId}#${h.seq}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
