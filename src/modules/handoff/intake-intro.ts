// Intake of a partner's intro email: parse, extract the brief, create or match the buyer's
// organisation, the people and the deal, store the intro as the deal's "intro" conversation,
// pick owner and backup, start the time-to-first-action clock and schedule its escalations.
// One transaction; the same email twice (Message-ID or content hash) changes nothing.
import { logActivity } from "../activity/index.ts";
import { listUsers } from "../auth/index.ts";
import { contentHash, parseConversation, type EmailAddress, type ParsedEmailMeta, type RosterPerson } from "../conversations/index.ts";
import { createDeal, findDealIdBySlug, listDeals, slugify } from "../deals/index.ts";
import {
  findOrgByDomain, findOrgByName, findPersonByEmail, findWorkspace, insertOrg, insertPerson, listOrgs, listPeople, patchPerson, upsertPartner,
  type Org, type Person, type Workspace,
} from "../directory/index.ts";
import { enqueueJob } from "../jobs/index.ts";
// Not in ingest's index.ts yet: the lead may add `storeParsedConversation` to it.
import { storeParsedConversation } from "../ingest/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, invalidInput } from "../../shared/errors.ts";
import type { Side } from "../../shared/sides.ts";
import { extractBrief } from "./brief.ts";
import { guessCompanyFromDomain, guessNameFromEmail, cleanDisplayName } from "./brief-names.ts";
import { getDomain, isDomainOf } from "./deal-brief.ts";
import { calendarOf, loadTargetMs } from "./handoff-calendar.ts";
import { escalateHandoffJob, escalationUniqueKey } from "./handoff.jobs.ts";
import { findHandoffBySource, findLastRoundRobinOwnerId, insertHandoff } from "./handoff.repo.ts";
import { pickOwners, type OwnerRule } from "./owner-rules.ts";
import { toStoredBrief, type StoredBrief } from "./stored-brief.ts";
import { computeDeadline, ESCALATION_LEVELS } from "./ttfa.ts";

export interface IntakeInput {
  content: Buffer;
  /** When the intro reached us; the clock starts here. Default: now. */
  receivedAt?: Date;
  /** Owner/backup by hand, instead of the rules. */
  ownerId?: string | null;
  backupId?: string | null;
}

export interface IntakeResult {
  status: "created" | "unchanged";
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
const ROLE_MAILBOX = /^(intros?|sales|partners?|partnerships|alliances|info|hello|team|noreply|no-reply|support|deals|crm|bcc)[@+]/i;

const isCompanyDomain = (d: string | null, ws: Workspace): d is string =>
  !!d && !FREE_MAIL.has(d) && !ws.domains.some((w) => isDomainOf(d, w));

/** Unknown domains become organisations on the side the intro gives them. */
async function ensureOrg(deps: Deps, ws: Workspace, side: Side, email: string | null, name: string | null): Promise<Org | null> {
  const domain = getDomain(email);
  const companyDomain = isCompanyDomain(domain, ws) ? domain : null;
  if (companyDomain) {
    const hit = await findOrgByDomain(deps, ws.id, companyDomain);
    if (hit) return hit;
  }
  const orgName = name ?? (companyDomain ? guessCompanyFromDomain(companyDomain) : null);
  if (!orgName) return null;
  const byName = await findOrgByName(deps, ws.id, orgName);
  if (byName) return byName;
  return insertOrg(deps, ws.id, { name: orgName, side, domains: companyDomain ? [companyDomain] : [] });
}

async function ensurePerson(deps: Deps, ws: Workspace, p: { email: string | null; name: string | null; title?: string | null; orgId: string | null }): Promise<Person | null> {
  const email = p.email?.toLowerCase() ?? null;
  if (email) {
    const hit = await findPersonByEmail(deps, ws.id, email);
    if (hit) return !hit.title && p.title ? patchPerson(deps, hit.id, { title: p.title }) : hit;
  }
  const name = p.name ?? (email ? guessNameFromEmail(email) : null);
  if (!name) return null;
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

/** Our people who can own a deal: those with a (non-partner) user account when any has one, else all of ours. */
async function listOwnerCandidates(deps: Deps, ws: Workspace): Promise<Person[]> {
  const ours = (await listPeople(deps, ws.id)).filter((p) => p.side === "ours" && !p.emails.every((e) => ROLE_MAILBOX.test(e)));
  const userEmails = new Set((await listUsers(deps, { workspaceId: ws.id })).filter((u) => u.role !== "partner").map((u) => u.email.toLowerCase()));
  const withUser = ours.filter((p) => p.emails.some((e) => userEmails.has(e.toLowerCase())));
  return [...(withUser.length ? withUser : ours)].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "23505" || (e as { cause?: { code?: string } })?.cause?.code === "23505";

export async function intakeIntro(deps: Deps, actor: Actor, input: IntakeInput): Promise<IntakeResult> {
  const parsed = await parseConversation({ content: input.content, filename: "intro.eml", format: "email" });
  const email = parsed.email;
  if (!email) throw invalidInput("Not an email: the intro must be an RFC 5322 message (.eml)", [{ field: "content", message: "no email headers" }]);
  const hash = contentHash(input.content);
  const messageId = email.messageId?.trim() || null;
  const receivedAt = input.receivedAt ?? deps.clock.now();
  try {
    return await deps.db.transaction().execute((trx) => intakeInTransaction({ ...deps, db: trx }, actor, { ...input, email, parsed, hash, messageId, receivedAt }));
  } catch (e) {
    // Two intakes of the same email at once: the unique index let one through; report the other as unchanged.
    if (!isUniqueViolation(e)) throw e;
    const ws = await findWorkspace(deps);
    const existing = ws && (await findHandoffBySource(deps, ws.id, { messageId, contentHash: hash }));
    if (!existing) throw e;
    return unchangedResult(existing);
  }
}

function unchangedResult(h: Awaited<ReturnType<typeof findHandoffBySource>> & object): IntakeResult {
  return {
    status: "unchanged", message: `Already taken in (deal ${h.dealId}): nothing changed`, handoffId: h.id, dealId: h.dealId, brief: h.brief,
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

  // The partner's usual owner: whoever owns our most recent deal with this partner.
  const partnerDeals = partnerOrg ? await listDeals(tx, ws.id, { partner: partnerOrg.id }) : [];
  const candidates = await listOwnerCandidates(tx, ws);
  const picked = pickOwners({
    candidates, manual: input.ownerId ? { ownerId: input.ownerId, backupId: input.backupId } : input.backupId !== undefined ? { backupId: input.backupId } : undefined,
    partnerUsualOwnerId: partnerDeals.find((d) => d.owner)?.owner?.id ?? null,
    lastRoundRobinOwnerId: await findLastRoundRobinOwnerId(tx, ws.id),
  });

  const buyerName = buyerOrg.name;
  const deal = await createDeal(tx, actor, {
    name: buyerName, slug: await pickSlug(tx, ws, buyerName), buyerOrgId: buyerOrg.id, partnerOrgIds: partnerOrg ? [partnerOrg.id] : [],
    motion: "co-sell", stage: "intro", amount: null, currency: null, ownerId: picked.ownerId, backupOwnerId: picked.backupId,
    partnerOwnerId: partner?.id ?? null, timezone: ws.timezone,
    peopleIds: [...new Set([buyer?.id, partner?.id, picked.ownerId, picked.backupId, ...ours.map((p) => p.id)].filter((x): x is string => !!x))],
  });

  const dealPeople = await listPeople(tx, ws.id, { ids: [...new Set([buyer?.id, partner?.id, picked.ownerId, picked.backupId, ...ours.map((p) => p.id)].filter((x): x is string => !!x))] });
  const roster: RosterPerson[] = dealPeople.filter((p) => p.side).map((p) => ({
    id: p.id, name: p.name, emails: p.emails, phones: p.phones, title: p.title, side: p.side!, orgName: p.orgName,
  }));
  const stored = await storeParsedConversation(tx, {
    dealId: deal.id, file: "intro.eml", parsed: input.parsed, roster, content: input.content, kind: "email", role: "intro",
    title: input.email.forwarded?.subject ?? input.email.subject ?? "Introduction", startedAt: (input.email.forwarded?.date ?? input.email.date ?? input.receivedAt.toISOString()),
  });

  const calendar = calendarOf(ws);
  const targetMs = await loadTargetMs(tx, ws);
  const dueAt = computeDeadline(input.receivedAt, targetMs, 1, calendar);
  const handoffId = tx.ids.make("hof");
  const storedBrief = toStoredBrief(brief);
  const subject = input.email.forwarded?.subject ?? input.email.subject;
  await insertHandoff(tx, {
    id: handoffId, workspaceId: ws.id, dealId: deal.id, conversationId: stored.id, partnerOrgId: partnerOrg?.id ?? null,
    messageId: input.messageId, contentHash: input.hash, subject, brief: storedBrief, receivedAt: input.receivedAt,
    ownerId: picked.ownerId, backupId: picked.backupId, ownerRule: picked.rule, targetMs, dueAt, now: tx.clock.now(),
  });
  for (const { level, ratio } of ESCALATION_LEVELS) {
    await enqueueJob(tx, escalateHandoffJob, { handoffId, level }, {
      uniqueKey: escalationUniqueKey(handoffId, level), runAt: computeDeadline(input.receivedAt, targetMs, ratio, calendar),
    });
  }
  await logActivity(tx, {
    workspaceId: ws.id, dealId: deal.id, actor, action: "intake", entity: "handoff", entityId: handoffId,
    data: { messageId: input.messageId, ownerId: picked.ownerId, backupId: picked.backupId, ownerRule: picked.rule, partnerOrgId: partnerOrg?.id ?? null },
  });
  return {
    status: "created", message: `Deal ${deal.slug} created from the intro`, handoffId, dealId: deal.id, brief: storedBrief,
    ownerId: picked.ownerId, backupId: picked.backupId, ownerRule: picked.rule, receivedAt: input.receivedAt.toISOString(), dueAt: dueAt.toISOString(),
  };
}
