// Recap use cases: draft from the record, edit (re-grounding each line), approve per selling side, follow-up, send.
import { logActivity } from "../activity/index.ts";
import { enqueueCrmSync } from "../crm/index.ts";
import { findConversation, isInternalAt as isInternalIdx, listConversationSpeakers, listUtterances, loadInternalIndex } from "../conversations/index.ts";
import { getDeal } from "../deals/index.ts";
import { getWorkspace, listPeople } from "../directory/index.ts";
import { listItems } from "../extraction/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, invalidInput, notFound } from "../../shared/errors.ts";
import type { Side } from "../../shared/sides.ts";
import {
  approvalState, buildRecapDraft, linesChanged, linesFor, reviseLines, type Audience, type LineEdit, type RecapApproval, type SellingSide,
} from "./recap.ts";
import type { RichMailer } from "./recap-mailer.ts";
import {
  findRecap, findRecapByConversation, insertRecap, insertRecapSend, listRecapSends, setRecapStatus, updateRecapApprovals, updateRecapLines,
  type RecapRow, type RecapSendRow,
} from "./recap.repo.ts";
import { buildFollowUp, recapLanguage, type FollowUp } from "./templates.ts";

export interface RecapView extends Omit<RecapRow, "approvals" | "workspaceId"> {
  audience: Audience;
  approvals: { ours: RecapApproval | null; partner: RecapApproval | null };
  isAgreed: boolean;
  canSend: boolean;
  conversation: { id: string; title: string; startedAt: string; language: string | null };
  sends: Array<Omit<RecapSendRow, "text" | "html">>;
}

/** Partner users see only the deals their organisation is on (as the ledger does). */
async function loadDealFor(deps: Deps, actor: Actor | undefined, dealId: string) {
  const deal = await getDeal(deps, dealId);
  if (actor?.role === "partner" && !deal.partners.some((p) => p.id === actor.partnerOrgId)) throw notFound(`Deal ${dealId}`);
  return deal;
}

async function loadCall(deps: Deps, actor: Actor | undefined, conversationId: string) {
  const conv = await findConversation(deps, conversationId);
  // A conversation kept internal as a whole does not exist for partner users, nor does its recap.
  if (!conv || (actor?.role === "partner" && conv.isInternal)) throw notFound(`Conversation ${conversationId}`);
  const deal = await loadDealFor(deps, actor, conv.dealId);
  return { conv, deal };
}

const audienceFor = (actor: Actor | undefined, wanted?: Audience): Audience => (actor?.role === "partner" ? (wanted === "buyer" ? "buyer" : "partner") : wanted ?? "internal");

async function present(deps: Deps, actor: Actor | undefined, r: RecapRow, wanted?: Audience): Promise<RecapView> {
  const conv = await findConversation(deps, r.conversationId);
  const state = approvalState(r.approvals, r.version);
  const audience = audienceFor(actor, wanted);
  const { workspaceId: _ws, approvals: _a, ...rest } = r;
  const shared = await sharedFilter(deps, r.conversationId);
  return {
    ...rest, audience, lines: linesFor(r.lines, audience, shared.isInternalAt, shared.internalTexts), approvals: { ours: state.ours, partner: state.partner }, isAgreed: state.isAgreed,
    // Something must be left for the buyer: a recap whose every line is internal (now) has nothing to send.
    canSend: state.isAgreed && linesFor(r.lines, "buyer", shared.isInternalAt, shared.internalTexts).length > 0,
    conversation: { id: r.conversationId, title: conv?.title ?? "", startedAt: conv?.startedAt ?? "", language: conv?.language ?? null },
    sends: (await listRecapSends(deps, r.id)).map(({ text: _t, html: _h, ...s }) => s),
  };
}

/** What of the call is internal now (marked after the draft too): its utterances by seq, and their words. */
async function sharedFilter(deps: Deps, conversationId: string) {
  const [index, utterances] = await Promise.all([loadInternalIndex(deps, { conversationIds: [conversationId] }), listUtterances(deps, conversationId)]);
  const isInternalAt = (c: string, seq: number) => isInternalIdx(index, c, seq);
  return { isInternalAt, internalTexts: utterances.filter((u) => isInternalAt(conversationId, u.seq)).map((u) => u.text) };
}

async function loadRecap(deps: Deps, actor: Actor | undefined, id: string): Promise<RecapRow> {
  const r = await findRecap(deps, id);
  if (!r) throw notFound(`Recap ${id}`);
  await loadDealFor(deps, actor, r.dealId);
  if (actor?.role === "partner" && (await findConversation(deps, r.conversationId))?.isInternal) throw notFound(`Recap ${id}`);
  return r;
}

/** The grounded draft of a call's recap; the call's existing recap when there is one (one recap per call) unless `redraft`. */
export async function draftRecap(deps: Deps, conversationId: string, opts: { actor?: Actor; redraft?: boolean } = {}): Promise<RecapView> {
  const { conv, deal } = await loadCall(deps, opts.actor, conversationId);
  if (conv.kind !== "call") throw invalidInput(`Conversation ${conversationId} is ${conv.kind === "email" ? "an email" : "notes"}: recaps are for calls`);
  // Workspace policy requireConsent: a held call is stored but not processed, and a recap would carry its words out.
  if (conv.heldForConsent) {
    throw new AppError("CONFLICT", `Conversation ${conversationId} is held until every speaker's recording consent is recorded: record it, then draft the recap`);
  }
  const existing = await findRecapByConversation(deps, conversationId);
  if (existing && !opts.redraft) return present(deps, opts.actor, existing);
  const [utterances, items] = await Promise.all([listUtterances(deps, conversationId), listItems(deps, { dealId: deal.id, conversationId })]);
  const draft = buildRecapDraft({
    call: { id: conv.id, title: conv.title, startedAt: conv.startedAt, timezone: conv.timezone, language: conv.language },
    items: items.filter((i) => i.kind !== "fulfilment").map((i) => ({ id: i.id, kind: i.kind, seq: i.seq, speaker: i.speaker, quote: i.quote, isInternal: i.isInternal, data: { ...i.data, ...(i.humanData ?? {}) } })),
    utterances,
  });
  const now = deps.clock.now();
  const actorId = opts.actor?.id ?? "system";
  const ws = await getWorkspace(deps);
  if (existing) {
    await updateRecapLines(deps, { id: existing.id, version: existing.version + 1, lines: draft.lines, actor: actorId, at: now });
  } else {
    await insertRecap(deps, { id: deps.ids.make("rcp"), workspaceId: ws.id, dealId: deal.id, conversationId, language: draft.language, lines: draft.lines, createdBy: actorId, createdAt: now.toISOString() });
  }
  const r = (await findRecapByConversation(deps, conversationId))!;
  await logActivity(deps, { workspaceId: ws.id, dealId: deal.id, actor: opts.actor ?? { id: "system", kind: "system" }, action: existing ? "recap.redraft" : "recap.draft", entity: "recap", entityId: r.id, data: { version: r.version, lines: r.lines.length } });
  return present(deps, opts.actor, r);
}

export async function findCallRecap(deps: Deps, conversationId: string, opts: { actor?: Actor; audience?: Audience } = {}): Promise<RecapView | null> {
  await loadCall(deps, opts.actor, conversationId);
  const r = await findRecapByConversation(deps, conversationId);
  return r ? present(deps, opts.actor, r, opts.audience) : null;
}

export async function getRecap(deps: Deps, id: string, opts: { actor?: Actor; audience?: Audience } = {}): Promise<RecapView> {
  return present(deps, opts.actor, await loadRecap(deps, opts.actor, id), opts.audience);
}

/** Replaces the lines (a new version when anything changed; approvals reset). `version` guards against a lost update. */
export async function editRecap(deps: Deps, actor: Actor, id: string, input: { version?: number; lines: LineEdit[] }): Promise<RecapView> {
  if (actor.role === "partner") throw new AppError("FORBIDDEN", "Partner users approve the recap; our side edits it");
  const r = await loadRecap(deps, actor, id);
  if (input.version != null && input.version !== r.version) throw new AppError("CONFLICT", `Recap ${id} is at version ${r.version}, not ${input.version}: reload and edit again`);
  const lines = reviseLines(r.lines, input.lines);
  if (!linesChanged(r.lines, lines)) return present(deps, actor, r);
  const now = deps.clock.now();
  await updateRecapLines(deps, { id, version: r.version + 1, lines, actor: actor.id, at: now });
  await logActivity(deps, { workspaceId: r.workspaceId, dealId: r.dealId, actor, action: "recap.edit", entity: "recap", entityId: id, data: { version: r.version + 1, unsupported: lines.filter((l) => l.support === "unsupported").map((l) => l.id) } });
  return present(deps, actor, (await findRecap(deps, id))!);
}

/**
 * One approval per selling side for the current version. Partner users approve for the partner; an internal
 * user may record the partner's approval with a note saying how it was given (until partner users exist).
 */
export async function approveRecap(deps: Deps, actor: Actor, id: string, input: { side: SellingSide; note?: string | null; version?: number }): Promise<RecapView> {
  const r = await loadRecap(deps, actor, id);
  if (input.version != null && input.version !== r.version) throw new AppError("CONFLICT", `Recap ${id} changed (version ${r.version}): review it again before approving`);
  const isPartnerUser = actor.role === "partner";
  if (input.side === "ours" && isPartnerUser) throw new AppError("FORBIDDEN", "A partner user cannot approve for our side");
  const onBehalf = input.side === "partner" && !isPartnerUser;
  const note = input.note?.trim() || null;
  if (onBehalf && !note) throw invalidInput("Recording the partner's approval needs a note (who approved, and how)", [{ field: "note", message: "required" }]);
  const now = deps.clock.now();
  const approvals = [...r.approvals.filter((a) => !(a.version === r.version && a.side === input.side)),
    { side: input.side, by: actor.id, version: r.version, at: now.toISOString(), onBehalf, note }];
  const status = approvalState(approvals, r.version).isAgreed ? (r.status === "sent" ? "sent" : "agreed") : "draft";
  await deps.db.transaction().execute(async (trx) => {
    const t = { ...deps, db: trx };
    await updateRecapApprovals(t, id, approvals, status, now);
    await logActivity(t, { workspaceId: r.workspaceId, dealId: r.dealId, actor, action: "recap.approve", entity: "recap", entityId: id, data: { side: input.side, version: r.version, onBehalf, note } });
    if (status !== "draft") await enqueueCrmSync(t, { dealId: r.dealId, reason: "recap.agreed" });
  });
  return present(deps, actor, (await findRecap(deps, id))!);
}

interface Recipients { to: Array<{ name: string; email: string }>; cc: Array<{ name: string; email: string }>; ours: string[] }

async function recipientsOf(deps: Deps, r: RecapRow): Promise<Recipients> {
  const speakers = await listConversationSpeakers(deps, r.conversationId);
  const ids = [...new Set(speakers.map((s) => s.personId).filter((x): x is string => !!x))];
  const people = await listPeople(deps, r.workspaceId, { ids });
  const withSide = people.map((p) => ({ name: p.name, email: p.emails[0] ?? null, side: (p.side ?? speakers.find((s) => s.personId === p.id)?.side ?? null) as Side | null }));
  const pick = (side: Side) => withSide.filter((p) => p.side === side && p.email).map((p) => ({ name: p.name, email: p.email! }));
  return { to: pick("buyer"), cc: [...pick("partner"), ...pick("ours")], ours: pick("ours").map((p) => p.name) };
}

/** The email to the buyer from the agreed recap (or the draft, to preview), in the language of the call. */
export async function getFollowUp(deps: Deps, id: string, opts: { actor?: Actor } = {}): Promise<FollowUp & { to: string[]; cc: string[]; version: number; isAgreed: boolean }> {
  const r = await loadRecap(deps, opts.actor, id);
  return { ...(await composeFollowUp(deps, r)), version: r.version, isAgreed: approvalState(r.approvals, r.version).isAgreed };
}

async function composeFollowUp(deps: Deps, r: RecapRow) {
  const conv = (await findConversation(deps, r.conversationId))!;
  const rc = await recipientsOf(deps, r);
  const shared = await sharedFilter(deps, r.conversationId);
  const mail = buildFollowUp({
    language: recapLanguage(r.language), title: conv.title, startedAt: conv.startedAt, timezone: conv.timezone,
    buyerNames: rc.to.map((p) => p.name.split(/\s+/)[0]), senderNames: rc.ours, lines: linesFor(r.lines, "buyer", shared.isInternalAt, shared.internalTexts),
  });
  const fmt = (p: { name: string; email: string }) => `"${p.name.replace(/"/g, "")}" <${p.email}>`;
  return { ...mail, to: rc.to.map(fmt), cc: rc.cc.map(fmt), recipients: rc };
}

/** Emails the agreed version to the buyer participants, cc partner and our side; the message is stored with the recap. */
export async function sendRecap(deps: Deps, actor: Actor, id: string, opts: { mailer: RichMailer; from?: string | null }): Promise<RecapView> {
  if (actor.role === "partner") throw new AppError("FORBIDDEN", "Our side sends the recap to the buyer");
  const r = await loadRecap(deps, actor, id);
  const state = approvalState(r.approvals, r.version);
  if (!state.isAgreed) {
    const missing = [!state.ours && "ours", !state.partner && "partner"].filter(Boolean).join(" and ");
    throw new AppError("CONFLICT", `Version ${r.version} of the recap is not agreed yet: waiting for the ${missing} approval`);
  }
  const mail = await composeFollowUp(deps, r);
  if (!mail.recipients.to.length) throw invalidInput("No buyer participant of this call has an email address in the directory");
  const from = opts.from ?? (mail.recipients.cc.find((p) => mail.recipients.ours.includes(p.name))?.email ?? "baton@localhost");
  const sent = await opts.mailer.send({ from, to: mail.to, cc: mail.cc, subject: mail.subject, text: mail.text, html: mail.html });
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const t = { ...deps, db: trx };
    await insertRecapSend(t, { id: deps.ids.make("rsn"), recapId: id, version: r.version, messageId: sent.messageId, to: mail.to, cc: mail.cc, subject: mail.subject, text: mail.text, html: mail.html, actor: actor.id, at: now.toISOString() });
    await setRecapStatus(t, id, "sent", now);
    await logActivity(t, { workspaceId: r.workspaceId, dealId: r.dealId, actor, action: "recap.send", entity: "recap", entityId: id, data: { version: r.version, messageId: sent.messageId, to: mail.to, cc: mail.cc } });
    await enqueueCrmSync(t, { dealId: r.dealId, reason: "recap.sent" });
  });
  return present(deps, actor, (await findRecap(deps, id))!);
}

/** The stored message of a send (text and HTML), for the record. */
export async function listRecapMessages(deps: Deps, id: string, opts: { actor?: Actor } = {}) {
  await loadRecap(deps, opts.actor, id);
  return listRecapSends(deps, id);
}
