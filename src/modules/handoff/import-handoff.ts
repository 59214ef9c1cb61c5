// The handoff of a deal imported from a folder with an intro.eml, as intake would have made it: the brief from
// the intro, the time-to-first-action clock from the intro's date, owner and backup by the rules. Runs inside
// the import's transaction; a deal that already has a handoff (or an intro another deal was started from) is left alone.
import { contentHash, findConversationByHash, type ParsedEmailMeta } from "../conversations/index.ts";
import { getDeal, listDealPeopleIds, type Deal } from "../deals/index.ts";
import { getWorkspace, listOrgs, listPeople, type Workspace } from "../directory/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { extractBrief } from "./brief.ts";
import { getDomain, isDomainOf } from "./deal-brief.ts";
import { findHandoffByDeal, findHandoffBySource } from "./handoff.repo.ts";
import { pickHandoffOwners, startHandoff, type StartHandoffInput } from "./start-handoff.ts";
import { toStoredBrief } from "./stored-brief.ts";

export interface ImportedIntro {
  dealId: string;
  /** The intro.eml bytes (its content hash finds the stored conversation and keeps intake from taking it in twice). */
  content: Buffer;
  /** contentHash(content), when the caller has it already. */
  contentHash?: string;
  email: ParsedEmailMeta;
  /** Default "future": a historical intro schedules no escalation that is already due. */
  escalations?: StartHandoffInput["escalations"];
  /** The deal as the importing transaction has just read it (owners, partners, timezone); read again when absent. */
  deal?: Deal;
  /** The workspace, as the importing transaction has just read it; read again when absent. */
  workspace?: Workspace;
  /** The intro's conversation when the caller has just stored it; looked up by content hash when absent. */
  conversationId?: string;
}

export type ImportedHandoff = { status: "created"; handoffId: string } | { status: "exists"; handoffId: string; reason: string };

export async function ensureImportedHandoff(tx: Deps, actor: Actor, intro: ImportedIntro): Promise<ImportedHandoff> {
  const onDeal = await findHandoffByDeal(tx, intro.dealId);
  if (onDeal) return { status: "exists", handoffId: onDeal.id, reason: "the deal has its handoff" };
  const ws = intro.workspace ?? (await getWorkspace(tx));
  const hash = intro.contentHash ?? contentHash(intro.content);
  const messageId = intro.email.messageId?.trim() || null;
  const elsewhere = await findHandoffBySource(tx, ws.id, { messageId, contentHash: hash });
  if (elsewhere) return { status: "exists", handoffId: elsewhere.id, reason: `this intro started deal ${elsewhere.dealId}` };

  const deal = intro.deal?.id === intro.dealId ? intro.deal : await getDeal(tx, intro.dealId);
  // The same cast the record's brief reads: every organisation, and the deal's people.
  const orgs = await listOrgs(tx, ws.id);
  const people = await listPeople(tx, ws.id, { ids: await listDealPeopleIds(tx, deal.id) });
  const brief = extractBrief({
    email: intro.email, timezone: deal.timezone, workspaceDomains: ws.domains,
    orgs: orgs.map((o) => ({ name: o.name, side: o.side, domains: o.domains })),
    people: people.filter((p) => p.side).map((p) => ({ name: p.name, emails: p.emails, title: p.title, side: p.side! })),
  });
  const partnerDomain = getDomain(brief.partnerContact.email.value);
  const partnerOrgId = (deal.partners.length > 1 && partnerDomain
    ? deal.partners.find((p) => orgs.find((o) => o.id === p.id)?.domains.some((d) => isDomainOf(partnerDomain, d)))?.id
    : undefined) ?? deal.partners[0]?.id ?? null;
  // The clock starts when the intro reached us: the date of the message we hold (a forward's own date).
  const dated = intro.email.date ?? intro.email.forwarded?.date ?? null;
  const receivedAt = dated && !Number.isNaN(Date.parse(dated)) ? new Date(dated) : tx.clock.now();
  const owners = await pickHandoffOwners(tx, ws, { partnerOrgId, usualOwnerId: deal.owner?.id ?? null, backupId: deal.backupOwner?.id ?? undefined });
  const conversationId = intro.conversationId ?? (await findConversationByHash(tx, deal.id, hash))?.id ?? null;
  const { handoffId } = await startHandoff(tx, actor, {
    ws, dealId: deal.id, conversationId, partnerOrgId, messageId, contentHash: hash,
    subject: intro.email.forwarded?.subject ?? intro.email.subject, brief: toStoredBrief(brief), receivedAt, owners,
    escalations: intro.escalations ?? "future", action: "import",
  });
  return { status: "created", handoffId };
}
