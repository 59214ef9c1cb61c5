// Intake of a partner's intro email: parse, extract the brief, create or match the buyer's
// organisation, the people and the deal, store the intro as the deal's "intro" conversation,
// pick owner and backup, start the time-to-first-action clock and schedule its escalations.
// One transaction; the same email twice (Message-ID or content hash) changes nothing.
import { retryConflicts } from "../../db/retry.ts";
import { logActivity } from "../activity/index.ts";
import { contentHash, parseConversation, type EmailAddress, type ParsedEmailMeta, type RosterPerson } from "../conversations/index.ts";
import { addDealPeople, createDeal, findDealIdBySlug, listDealPeopleIds, listDeals, slugify } from "../deals/index.ts";
import {
  findOrgByDomain, findOrgByName, findPersonByEmail, findWorkspace, insertOrg, insertPerson, listOrgs, listPeople, lockForCreate, orgCreateKeys,
  patchPerson, personCreateKeys, upsertPartner,
  type Org, type Person, type Workspace,
} from "../directory/index.ts";
// Not in ingest's index.ts yet: the lead may add `storeParsedConversation` to it.
import { storeParsedConversation } from "../ingest/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, invalidInput } from "../../shared/errors.ts";
import type { Side } from "../../shared/sides.ts";
import { extractBrief } from "./brief.ts";
import { guessCompanyFromDomain, guessNameFromEmail, cleanDisplayName } from "./brief-names.ts";
import { getDomain, isDomainOf } from "./deal-brief.ts";
import { findHandoffByDeal, findHandoffBySource, type HandoffRow } from "./handoff.repo.ts";
import { pickOpenDeal } from "./match-deal.ts";
import type { OwnerRule } from "./owner-rules.ts";
import { pickHandoffOwners, ROLE_MAILBOX, startHandoff } from "./start-handoff.ts";
import { toStoredBrief, type StoredBrief } from "./stored-brief.ts";

export interface IntakeInput {
  content: Buffer;
  /** When the intro reached us; the clock starts here. Default: now. */
  receivedAt?: Date;
  /** Owner/backup by hand, instead of the rules. */
  ownerId?: string | null;
  backupId?: string | null;
  /** The file the intro came from, named in parse errors (it is stored as the deal's intro.eml either way). */
  filename?: string;
}

export interface IntakeResult {
  status: "created" | "unchanged";
  /**
   * "existing-deal": the buyer already has an open deal with this partner, and the intro joined it (a new
   * conversation, and a handoff when the deal had none); "new-deal": the intro opened a deal.
   */
  matched: "existing-deal" | "new-deal";
  message: string;
  handoffId: string;
  dealId: string;
  brief: StoredBrief;
  ownerId: string | null;
  backupId: string | null;
  ownerRule: OwnerRule;
  receivedAt: string;
  dueAt: string;
}

const FREE_MAIL = new Set([
  "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com", "aol.com",
  "proton.me", "protonmail.com", "gmx.de", "gmx.net", "web.de", "yahoo.es", "hotmail.es", "uol.com.br", "bol.com.br",
]);

const isCompanyDomain = (d: string | null, ws: Workspace): d is string =>
  !!d && !FREE_MAIL.has(d) && !ws.domains.some((w) => isDomainOf(d, w));

/** Unknown domains become organisations on the side the intro gives them. */
async function ensureOrg(deps: Deps, ws: Workspace, side: Side, email: string | null, name: string | null): Promise<Org | null> {
  const domain = getDomain(email);
  const companyDomain = isCompanyDomain(domain, ws) ? domain : null;
  const orgName = name ?? (companyDomain ? guessCompanyFromDomain(companyDomain) : null);
  const domains = companyDomain ? [companyDomain] : [];
  const find = async () => (companyDomain ? await findOrgByDomain(deps, ws.id, companyDomain) : null) ?? (orgName ? await findOrgByName(deps, ws.id, orgName) : null);
  const found = await find();
  if (found || !orgName) return found;
  // Made once when two intakes (or an import) name it at the same time: lock, then look again.
  await lockForCreate(deps, orgCreateKeys(ws.id, orgName, domains));
  return (await find()) ?? insertOrg(deps, ws.id, { name: orgName, side, domains });
}

async function ensurePerson(deps: Deps, ws: Workspace, p: { email: string | null; name: string | null; title?: string | null; orgId: string | null }): Promise<Person | null> {
  const email = p.email?.toLowerCase() ?? null;
  if (email) {
    const hit = await findPersonByEmail(deps, ws.id, email);
    if (hit) return !hit.title && p.title ? patchPerson(deps, hit.id, { title: p.title }) : hit;
  }
  const name = p.name ?? (email ? guessNameFromEmail(email) : null);
  if (!name) return null;
  if (email) {
    // Added once when two intakes (or an import) name them at the same time: lock, then look again.
    await lockForCreate(deps, personCreateKeys(ws.id, { name, emails: [email], orgId: p.orgId }));
    const meanwhile = await findPersonByEmail(deps, ws.id, email);
    if (meanwhile) return !meanwhile.title && p.title ? patchPerson(deps, meanwhile.id, { title: p.title }) : meanwhile;
  }
  return insertPerson(deps, ws.id, { name, emails: email ? [email] : [], phones: [], title: p.title ?? null, orgId: p.orgId });
}

function addressesOf(email: ParsedEmailMeta): EmailAddress[] {
  const all = (m: Omit<ParsedEmailMeta, "forwarded">) => [m.from, ...m.to, ...m.cc].filter((a): a is EmailAddress => !!a?.address);
  return [...all(email), ...(email.forwarded ? all(email.forwarded) : [])];
}

async function ensureOurOrg(deps: Deps, ws: Workspace): Promise<Org> {
  const orgs = await listOrgs(deps, ws.id);
  return orgs.find((o) => o.side === "ours" && o.domains.some((d) => ws.domains.includes(d)))
    ?? orgs.find((o) => o.side === "ours")
    ?? insertOrg(deps, ws.id, { name: ws.name, side: "ours", domains: ws.domains });
}

async function pickSlug(deps: Deps, ws: Workspace, name: string): Promise<string> {
  const base = slugify(name);
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    if (!(await findDealIdBySlug(deps, ws.id, slug))) return slug;
  }
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "23505" || (e as { cause?: { code?: string } })?.cause?.code === "23505";

export async function intakeIntro(deps: Deps, actor: Actor, input: IntakeInput): Promise<IntakeResult> {
  const parsed = await parseConversation({ content: input.content, filename: input.filename ?? "intro.eml", format: "email" });
  const email = parsed.email;
  if (!email) throw invalidInput("Not an email: the intro must be an RFC 5322 message (.eml)", [{ field: "content", message: "no email headers" }]);
  const hash = contentHash(input.content);
  const messageId = email.messageId?.trim() || null;
  const receivedAt = input.receivedAt ?? deps.clock.now();
  try {
    // Run again (retryConflicts) after a deadlock or a unique key another intake or import took first.
    return await retryConflicts(() => deps.db.transaction().execute((trx) => intakeInTransaction({ ...deps, db: trx }, actor, { ...input, email, parsed, hash, messageId, receivedAt })));
  } catch (e) {
    // Two intakes of the same email at once: the unique index let one through; report the other as unchanged.
    if (!isUniqueViolation(e)) throw e;
    const ws = await findWorkspace(deps);
    const existing = ws && (await findHandoffBySource(deps, ws.id, { messageId, contentHash: hash }));
    if (!existing) throw e;
    return unchangedResult(existing);
  }
}

function unchangedResult(h: HandoffRow, matched: IntakeResult["matched"] = "existing-deal"): IntakeResult {
  return {
    status: "unchanged", matched, message: `Already taken in (deal ${h.dealId}): nothing changed`, handoffId: h.id, dealId: h.dealId, brief: h.brief,
    ownerId: h.ownerId, backupId: h.backupId, ownerRule: h.ownerRule, receivedAt: h.receivedAt.toISOString(), dueAt: h.dueAt.toISOString(),
  };
}

async function intakeInTransaction(tx: Deps, actor: Actor, input: IntakeInput & {
  email: ParsedEmailMeta; parsed: Awaited<ReturnType<typeof parseConversation>>; hash: string; messageId: string | null; receivedAt: Date;
}): Promise<IntakeResult> {
  const ws = await findWorkspace(tx);
  if (!ws) throw new AppError("NOT_FOUND", "No workspace yet: start the server once (or import a deal) before taking in intros");
  const existing = await findHandoffBySource(tx, ws.id, { messageId: input.messageId, contentHash: input.hash });
  if (existing) return unchangedResult(existing);

  // The directory entries this email is about (by address and domain): the extractor reads
  // them as the deal's cast, so the rest of the directory must stay out.
  const addresses = addressesOf(input.email).map((a) => a.address.toLowerCase());
  const domains = new Set(addresses.map(getDomain).filter((d): d is string => !!d));
  const orgs = (await listOrgs(tx, ws.id)).filter((o) => o.domains.some((d) => [...domains].some((x) => isDomainOf(x, d))));
  const people: Person[] = [];
  for (const a of new Set(addresses)) {
    const p = await findPersonByEmail(tx, ws.id, a);
    if (p?.side && !people.some((x) => x.id === p.id)) people.push(p);
  }
  const brief = extractBrief({
    email: input.email, timezone: ws.timezone, workspaceDomains: ws.domains,
    orgs: orgs.map((o) => ({ name: o.name, side: o.side, domains: o.domains })),
    people: people.map((p) => ({ name: p.name, emails: p.emails, title: p.title, side: p.side! })),
  });
  const buyerEmail = brief.buyerContact.email.value;
  const partnerEmail = brief.partnerContact.email.value;
  if (!buyerEmail && !brief.buyerCompany.value) {
    throw invalidInput("Could not tell who is being introduced: no buyer contact or company in the email", [{ field: "content", message: input.email.subject ?? "(no subject)" }]);
  }

  const partnerOrg = partnerEmail || brief.partnerCompany.value ? await ensureOrg(tx, ws, "partner", partnerEmail, brief.partnerCompany.value) : null;
  if (partnerOrg) await upsertPartner(tx, partnerOrg.id, {});
  const buyerOrg = await ensureOrg(tx, ws, "buyer", buyerEmail, brief.buyerCompany.value);
  if (!buyerOrg) throw invalidInput("Could not name the buyer's organisation", [{ field: "content", message: buyerEmail ?? "" }]);
  if (buyerOrg.side !== "buyer") throw invalidInput(`${buyerOrg.name} is on the ${buyerOrg.side} side, not a buyer`, [{ field: "buyerCompany", message: buyerOrg.name }]);

  const buyer = await ensurePerson(tx, ws, { email: buyerEmail, name: brief.buyerContact.name.value, title: brief.buyerContact.title.value, orgId: buyerOrg.id });
  const partner = partnerEmail ? await ensurePerson(tx, ws, { email: partnerEmail, name: brief.partnerContact.name.value, orgId: partnerOrg?.id ?? null }) : null;
  // Our people on the thread (not role mailboxes such as intros@).
  const ourOrg = await ensureOurOrg(tx, ws);
  const ours: Person[] = [];
  for (const a of addressesOf(input.email)) {
    if (!ws.domains.some((d) => isDomainOf(getDomain(a.address), d))) continue;
    if (ROLE_MAILBOX.test(a.address) || ours.some((p) => p.emails.includes(a.address.toLowerCase()))) continue;
    const p = await ensurePerson(tx, ws, { email: a.address, name: cleanDisplayName(a.name), orgId: ourOrg.id });
    if (p) ours.push(p);
  }

  const subject = input.email.forwarded?.subject ?? input.email.subject;
  const introPeople = [...new Set([buyer?.id, partner?.id, ...ours.map((p) => p.id)].filter((x): x is string => !!x))];
  const startedAt = input.email.forwarded?.date ?? input.email.date ?? input.receivedAt.toISOString();
  const storedBrief = toStoredBrief(brief);

  // The buyer already has an open deal with this partner: the intro joins it instead of opening a duplicate.
  const openDeal = await findOpenDeal(tx, ws, { buyerOrgId: buyerOrg.id, partnerOrgId: partnerOrg?.id ?? null, subject });
  if (openDeal) {
    await addDealPeople(tx, openDeal.id, introPeople);
    const stored = await storeParsedConversation(tx, {
      dealId: openDeal.id, file: "intro.eml", parsed: input.parsed, roster: await rosterOf(tx, ws, await listDealPeopleIds(tx, openDeal.id)),
      content: input.content, kind: "email", role: "intro", title: subject ?? "Introduction", startedAt,
    });
    const existing = await findHandoffByDeal(tx, openDeal.id);
    if (existing) {
      if (stored.status === "unchanged") return unchangedResult(existing);
      await logActivity(tx, {
        workspaceId: ws.id, dealId: openDeal.id, actor, action: "intake", entity: "conversation", entityId: stored.id,
        data: { messageId: input.messageId, matched: "existing-deal", handoffId: existing.id, partnerOrgId: partnerOrg?.id ?? null },
      });
      return {
        status: "created", matched: "existing-deal", message: `Intro added to the open deal ${openDeal.slug} (its handoff clock keeps running from the first intro)`,
        handoffId: existing.id, dealId: openDeal.id, brief: existing.brief, ownerId: existing.ownerId, backupId: existing.backupId, ownerRule: existing.ownerRule,
        receivedAt: existing.receivedAt.toISOString(), dueAt: existing.dueAt.toISOString(),
      };
    }
    // The open deal came from elsewhere (a folder import, the API): this intro starts its handoff. The deal's own owner
    // is the partner's usual owner for it.
    const picked = await pickHandoffOwners(tx, ws, { partnerOrgId: partnerOrg?.id ?? null, ownerId: input.ownerId, backupId: input.backupId, usualOwnerId: openDeal.ownerId });
    const { handoffId, dueAt } = await startHandoff(tx, actor, {
      ws, dealId: openDeal.id, conversationId: stored.id, partnerOrgId: partnerOrg?.id ?? null, messageId: input.messageId, contentHash: input.hash,
      subject, brief: storedBrief, receivedAt: input.receivedAt, owners: picked, escalations: "all", action: "intake",
    });
    return {
      status: "created", matched: "existing-deal", message: `Intro added to the open deal ${openDeal.slug}, with its handoff`, handoffId, dealId: openDeal.id,
      brief: storedBrief, ownerId: picked.ownerId, backupId: picked.backupId, ownerRule: picked.rule, receivedAt: input.receivedAt.toISOString(), dueAt: dueAt.toISOString(),
    };
  }

  const picked = await pickHandoffOwners(tx, ws, { partnerOrgId: partnerOrg?.id ?? null, ownerId: input.ownerId, backupId: input.backupId });
  const buyerName = buyerOrg.name;
  const dealPeopleIds = [...new Set([...introPeople, picked.ownerId, picked.backupId].filter((x): x is string => !!x))];
  const deal = await createDeal(tx, actor, {
    name: buyerName, slug: await pickSlug(tx, ws, buyerName), buyerOrgId: buyerOrg.id, partnerOrgIds: partnerOrg ? [partnerOrg.id] : [],
    motion: "co-sell", stage: "intro", amount: null, currency: null, ownerId: picked.ownerId, backupOwnerId: picked.backupId,
    partnerOwnerId: partner?.id ?? null, timezone: ws.timezone, peopleIds: dealPeopleIds,
  });
  const stored = await storeParsedConversation(tx, {
    dealId: deal.id, file: "intro.eml", parsed: input.parsed, roster: await rosterOf(tx, ws, dealPeopleIds), content: input.content, kind: "email", role: "intro",
    title: subject ?? "Introduction", startedAt,
  });
  const { handoffId, dueAt } = await startHandoff(tx, actor, {
    ws, dealId: deal.id, conversationId: stored.id, partnerOrgId: partnerOrg?.id ?? null, messageId: input.messageId, contentHash: input.hash,
    subject, brief: storedBrief, receivedAt: input.receivedAt, owners: picked, escalations: "all", action: "intake",
  });
  return {
    status: "created", matched: "new-deal", message: `Deal ${deal.slug} created from the intro`, handoffId, dealId: deal.id, brief: storedBrief,
    ownerId: picked.ownerId, backupId: picked.backupId, ownerRule: picked.rule, receivedAt: input.receivedAt.toISOString(), dueAt: dueAt.toISOString(),
  };
}

async function rosterOf(tx: Deps, ws: Workspace, ids: string[]): Promise<RosterPerson[]> {
  const people = await listPeople(tx, ws.id, { ids });
  return people.filter((p) => p.side).map((p) => ({ id: p.id, name: p.name, emails: p.emails, phones: p.phones, title: p.title, side: p.side!, orgName: p.orgName }));
}

/** The buyer's open deal with this partner (see match-deal.ts), with its owner and its intro's subject. */
async function findOpenDeal(tx: Deps, ws: Workspace, intro: { buyerOrgId: string; partnerOrgId: string | null; subject: string | null }) {
  if (!intro.partnerOrgId) return null;
  const deals = (await listDeals(tx, ws.id, { partner: intro.partnerOrgId })).filter((d) => d.buyer?.id === intro.buyerOrgId);
  const candidates = [];
  for (const d of deals) {
    const h = await findHandoffByDeal(tx, d.id);
    candidates.push({ id: d.id, stage: d.stage, buyerOrgId: d.buyer?.id ?? null, partnerOrgIds: d.partners.map((p) => p.id), name: d.name, subject: h?.subject ?? null, slug: d.slug, ownerId: d.owner?.id ?? null });
  }
  return pickOpenDeal(candidates, intro) as (typeof candidates)[number] | null;
}
