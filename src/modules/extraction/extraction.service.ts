// Runs the rule engine over a deal's conversations in order and stores what passes the evidence check.
// Human decisions (confirmed, corrected, dismissed) are kept across re-runs: an item is matched to its
// earlier self by a fingerprint of kind + cited utterance + quote.
import { createHash } from "node:crypto";
import { listConversationsToExtract, listUtterances, type ParsedEmailMeta, type RosterPerson } from "../conversations/index.ts";
import { getWorkspace, listOrgs, listPeople, type Workspace } from "../directory/index.ts";
import { listDealPeopleIds, findDeal, type Deal } from "../deals/index.ts";
import type { ItemKind } from "../../db/schema.ts";
import type { Deps } from "../../shared/deps.ts";
import { notFound } from "../../shared/errors.ts";
import * as repo from "./extraction.repo.ts";
import type { Commitment, EarlierCommitment, Evidence, ExtractionInput, ExtractionResult, ExtractionUtterance } from "./extraction.types.ts";
import { extractConversation, linkFulfilments } from "./index.ts";
import { refineExtraction, type RefineModel } from "./llm-refine.ts";

const fingerprint = (kind: string, ev: Evidence, extra = "") =>
  createHash("sha1").update(`${kind}\0${ev.seq}\0${ev.quote}\0${extra}`).digest("hex").slice(0, 20);
const PREFIX: Record<ItemKind, string> = { commitment: "c", objection: "o", decision: "d", stakeholder: "s", risk: "r", fulfilment: "f" };

/**
 * What an import has just written, so extraction need not read it back: `known`, utterances of conversations by
 * conversation id, as extraction reads them (conversations inserted in this transaction, so with no items yet);
 * `deal`, the deal as read after the import's upsert (its id, timezone); `workspace`, as the import read it.
 */
export interface JustWritten { known?: ReadonlyMap<string, ExtractionUtterance[]>; deal?: Deal; workspace?: Workspace }

export async function buildExtractionInputs(deps: Deps, dealId: string, { known, deal: given, workspace }: JustWritten = {}) {
  const deal = given?.id === dealId ? given : await findDeal(deps, dealId);
  if (!deal) throw notFound(`Deal ${dealId}`);
  const ws = workspace ?? (await getWorkspace(deps));
  const peopleIds = await listDealPeopleIds(deps, deal.id);
  const people = await listPeople(deps, ws.id, { ids: peopleIds });
  const roster: RosterPerson[] = people.filter((p) => p.side).map((p) => ({ id: p.id, name: p.name, emails: p.emails, phones: p.phones, title: p.title, side: p.side!, orgName: p.orgName }));
  const orgs = (await listOrgs(deps, ws.id)).map((o) => ({ name: o.name, side: o.side, domains: o.domains }));
  const convs = await listConversationsToExtract(deps, deal.id);
  const inputs: Array<{ conversationId: string; role: string | null; heldForConsent: boolean; input: ExtractionInput }> = [];
  for (const c of convs) {
    // The intro and held calls are not extracted (runDealExtraction, refineDealExtraction): their words are not read.
    const skipped = c.role === "intro" || c.heldForConsent;
    const utterances = skipped ? [] : known?.get(c.id) ?? (await listUtterances(deps, c.id)).map((u) => ({
      seq: u.seq, startMs: u.startMs, endMs: u.endMs, speakerLabel: u.speakerLabel, personId: u.personId, speakerName: u.speakerName, side: u.side, text: u.text,
    }));
    inputs.push({
      conversationId: c.id, role: c.role, heldForConsent: c.heldForConsent,
      input: {
        conversation: { file: c.sourceFile ?? c.id, kind: c.kind, startedAt: c.startedAt, timezone: deal.timezone, language: c.language, holidays: ws.holidays },
        utterances, roster, orgs, ...(c.email ? { email: c.email as ParsedEmailMeta } : {}),
      },
    });
  }
  return { deal, inputs };
}

export interface RunExtractionOptions {
  /** A language model that reviews the rules' items per conversation (engine "rules+llm"). */
  model?: RefineModel | null;
  /** Results worked out earlier by `refineDealExtraction` (outside a transaction), keyed by conversation id. */
  refined?: ReadonlyMap<string, ExtractionResult>;
  /** What the caller has just written (see buildExtractionInputs). */
  justWritten?: JustWritten;
  /** Called before each conversation is extracted: `done` of `total` (progress of a long deal). */
  onConversation?: (done: number, total: number) => void;
}

/**
 * The model pass alone, for callers that hold a transaction for the writes: model calls are slow and must
 * not keep the database locked. Pass the map to `runDealExtraction` as `refined`.
 */
export async function refineDealExtraction(deps: Deps, dealId: string, model: RefineModel): Promise<Map<string, ExtractionResult>> {
  const { inputs } = await buildExtractionInputs(deps, dealId);
  const out = new Map<string, ExtractionResult>();
  for (const { conversationId, role, heldForConsent, input } of inputs) {
    if (role === "intro" || heldForConsent) continue;
    out.set(conversationId, await refineExtraction(model, input, extractConversation(input)));
  }
  return out;
}

export async function runDealExtraction(deps: Deps, dealId: string, opts: RunExtractionOptions = {}): Promise<{ conversations: number; items: number; dropped: number }> {
  const { deal, inputs } = await buildExtractionInputs(deps, dealId, opts.justWritten);
  const earlier: EarlierCommitment[] = [];
  let items = 0, dropped = 0;
  for (const [k, { conversationId, role, heldForConsent, input }] of inputs.entries()) {
    opts.onConversation?.(k, inputs.length);
    // Held conversations wait for recorded consent (workspace policy requireConsent) before anything is extracted.
    if (role === "intro" || heldForConsent) continue;
    const result = opts.refined?.get(conversationId) ?? (opts.model ? await refineExtraction(opts.model, input, extractConversation(input)) : extractConversation(input));
    const fulfilments = linkFulfilments({ conversation: input, earlier });
    const runId = deps.ids.make("run");
    const now = deps.clock.now();
    await repo.insertRun(deps, {
      id: runId, conversationId, engine: result.engine.name, version: result.engine.version, dropped: result.dropped, at: now,
      stats: result.refinement ? { ...result.refinement, ...(result.engine.model ? { model: result.engine.model } : {}) } : null,
    });
    dropped += result.dropped;
    // A conversation the caller has just written (justWritten.known) has no items yet: nothing to read.
    const existing = opts.justWritten?.known?.has(conversationId) ? [] : await repo.listConversationItems(deps, conversationId);
    const byFp = new Map(existing.map((e) => [`${e.kind}:${e.fingerprint}`, e]));
    const used = new Map<ItemKind, Set<string>>();
    for (const e of existing) (used.get(e.kind) ?? used.set(e.kind, new Set()).get(e.kind)!).add(e.localId);
    const seen = new Set<string>();
    const pending: repo.NewItem[] = [];
    const store = async (kind: ItemKind, ev: Evidence, data: Record<string, unknown>, preferredId: string, extra = ""): Promise<string> => {
      const fp = fingerprint(kind, ev, extra);
      const key = `${kind}:${fp}`;
      if (seen.has(key)) return byFp.get(key)?.localId ?? preferredId;
      seen.add(key);
      const prior = byFp.get(key);
      if (prior) {
        await repo.refreshProposedItem(deps, prior.id, data, runId, now);
        return prior.localId;
      }
      const taken = used.get(kind) ?? used.set(kind, new Set()).get(kind)!;
      let localId = preferredId;
      for (let n = 1; taken.has(localId); n++) localId = `${PREFIX[kind]}${n}`;
      taken.add(localId);
      pending.push({ id: deps.ids.make("item"), dealId: deal.id, conversationId, kind, localId, fingerprint: fp, data, seq: ev.seq, atMs: ev.atMs, speaker: ev.speaker, quote: ev.quote, runId, at: now });
      items++;
      return localId;
    };
    const strip = <T extends { evidence: Evidence; localId: string }>(x: T) => { const { evidence: _e, localId: _l, ...rest } = x; return rest as Record<string, unknown>; };
    for (const c of result.commitments) {
      const localId = await store("commitment", c.evidence, strip(c), c.localId);
      earlier.push({ ref: `${input.conversation.file}#${localId}`, conversationFile: input.conversation.file, startedAt: input.conversation.startedAt, commitment: { ...c, localId } as Commitment });
    }
    for (const o of result.objections) await store("objection", o.evidence, strip(o), o.localId);
    for (const d of result.decisions) await store("decision", d.evidence, strip(d), d.localId);
    for (const s of result.stakeholders) await store("stakeholder", s.evidence, strip(s), s.localId);
    for (const r of result.risks) await store("risk", r.evidence, strip(r), r.localId);
    for (const [i, f] of fulfilments.entries()) {
      await store("fulfilment", f.evidence, { commitmentRef: f.commitmentRef, confidence: f.confidence }, `f${i + 1}`, f.commitmentRef);
    }
    await repo.insertItems(deps, pending);
    // Proposed items this run no longer finds go; anything a person touched stays.
    await repo.deleteItems(deps, existing.filter((e) => e.review === "proposed" && !seen.has(`${e.kind}:${e.fingerprint}`)).map((e) => e.id));
  }
  return { conversations: inputs.length, items, dropped };
}
