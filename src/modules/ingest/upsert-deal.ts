// Creates or matches the workspace, organisations, people and the deal a deal.json describes.
import { logActivity } from "../activity/index.ts";
import type { RosterPerson } from "../conversations/index.ts";
import { addDealPeople, findDealIdBySlug, getDeal, setDealPartners, type Deal } from "../deals/index.ts";
import {
  createWorkspace, lockForCreate, orgCreateKeys, personCreateKeys, findOrgsByDomainsOrNames, findPeopleByEmailsOrNames, findWorkspace, insertOrg, insertPeople,
  patchPerson, upsertPartner, type Org, type Person, type Workspace,
} from "../directory/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import type { Side } from "../../shared/sides.ts";
import type { DealFile } from "./deal-folder.schemas.ts";

type OrgIn = { name: string; domain?: string; domains?: string[] };
const domainsOf = (o: OrgIn) => [...new Set([...(o.domain ? [o.domain] : []), ...(o.domains ?? [])])];
const titleCase = (slug: string) => slug.split("-").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(" ");

/** The org among `known` that `o` names: by a domain first (in the order given), then by name. */
function matchOrg(known: Org[], o: OrgIn): Org | null {
  for (const d of domainsOf(o)) {
    const hit = known.find((k) => k.domains.includes(d.toLowerCase()));
    if (hit) return hit;
  }
  return known.find((k) => k.name.toLowerCase() === o.name.toLowerCase()) ?? null;
}

/**
 * The deal's organisations, found (one lookup for all of them) or created. Creating one first locks its name and
 * domains (lockForCreate) and looks again, so two imports at once that name the same new organisation make it once.
 */
async function ensureOrgs(deps: Deps, workspaceId: string, wanted: Array<{ o: OrgIn; side: Side }>): Promise<Org[]> {
  const lookup = () => findOrgsByDomainsOrNames(deps, workspaceId, wanted.flatMap((w) => domainsOf(w.o)), wanted.map((w) => w.o.name));
  let known = await lookup();
  const found = wanted.map((w) => matchOrg(known, w.o));
  if (found.every((o) => o !== null)) return found;
  const missing = wanted.filter((_, i) => !found[i]);
  await lockForCreate(deps, missing.flatMap((w) => orgCreateKeys(workspaceId, w.o.name, domainsOf(w.o))));
  known = await lookup(); // made meanwhile by another import?
  const out: Org[] = [];
  for (const w of wanted) {
    let org = matchOrg(known, w.o);
    if (!org) {
      org = await insertOrg(deps, workspaceId, { name: w.o.name, side: w.side, domains: domainsOf(w.o) });
      known.push(org); // the same organisation named twice in one file
    }
    out.push(org);
  }
  return out;
}

/** The workspace; the first import creates it (once, when two run at once). */
async function ensureWorkspace(deps: Deps, file: DealFile) {
  const found = await findWorkspace(deps);
  if (found) return found;
  await lockForCreate(deps, ["workspace"]);
  return (await findWorkspace(deps)) ?? createWorkspace(deps, { name: file.orgs.ours.name, domains: domainsOf(file.orgs.ours), timezone: file.timezone });
}

type FilePerson = DealFile["people"][number];
const emailsOf = (p: FilePerson) => [...new Set([...(p.email ? [p.email] : []), ...(p.emails ?? [])])];
type NewPerson = Parameters<typeof insertPeople>[2][number];

/**
 * Matches deal.json's people to `known` in file order, as one lookup per person would: an email first, then the
 * same name in the same organisation (people added earlier in this file included). Writes nothing: returns who to
 * insert, which existing people gain a title or emails, and each row's person (`pending:<row>` for one to insert).
 */
function matchPeople(file: DealFile, knownIn: Person[], orgFor: (side: Side, orgName?: string) => Org) {
  const known = knownIn.map((k) => ({ ...k }));
  const toInsert: Array<{ at: number; person: NewPerson }> = [];
  const patches = new Map<string, { title: string | null; emails: string[] }>();
  const matched: Person[] = [];
  for (const [at, p] of file.people.entries()) {
    const org = orgFor(p.side, p.org);
    const emails = emailsOf(p);
    let person: Person | null = null;
    for (const e of emails) person ??= known.find((k) => k.emails.includes(e.toLowerCase())) ?? null;
    person ??= known.find((k) => k.name.toLowerCase() === p.name.toLowerCase() && k.orgId === org.id) ?? null;
    if (!person) {
      const fresh = { name: p.name, emails, phones: p.phone ? [p.phone] : [], title: p.title ?? null, orgId: org.id, orgName: org.name, side: org.side };
      toInsert.push({ at, person: fresh });
      person = { id: `pending:${at}`, ...fresh };
      known.push(person);
    } else if ((!person.title && p.title) || emails.some((e) => !person!.emails.includes(e))) {
      const title = person.title ?? p.title ?? null;
      const merged = [...new Set([...person.emails, ...emails])];
      Object.assign(person, { title, emails: merged });
      const pending = toInsert.find((x) => `pending:${x.at}` === person!.id);
      if (pending) Object.assign(pending.person, { title, emails: merged }); // added earlier in this file: amend the row about to be inserted
      else patches.set(person.id, { title, emails: merged });
    }
    matched.push(person);
  }
  return { toInsert, patches, matched };
}

export async function upsertDealFromFile(deps: Deps, actor: Actor, file: DealFile, sourceHash: string): Promise<{
  deal: Deal; created: boolean; unchanged: boolean; roster: RosterPerson[]; workspace: Workspace;
}> {
  const ws = await ensureWorkspace(deps, file);
  // Two imports of the same new deal at once: the second's insert waits on the slug's unique key, fails when the first
  // commits, and importDealFolder runs it again (retryConflicts), when it finds the deal.
  const existing = await findDealIdBySlug(deps, ws.id, file.id);
  const partnerIns = Array.isArray(file.orgs.partner) ? file.orgs.partner : [file.orgs.partner];
  const orgs = await ensureOrgs(deps, ws.id, [
    { o: file.orgs.ours, side: "ours" }, ...partnerIns.map((o) => ({ o, side: "partner" as const })), { o: file.orgs.buyer, side: "buyer" },
  ]);
  const ours = orgs[0]!, buyer = orgs.at(-1)!, partners = orgs.slice(1, -1);
  for (const p of partners) await upsertPartner(deps, p.id, {});
  const orgFor = (side: Side, orgName?: string): Org => {
    if (side === "ours") return ours;
    if (side === "buyer") return buyer;
    return partners.find((p) => orgName && p.name.toLowerCase() === orgName.toLowerCase()) ?? partners[0];
  };

  // Everyone deal.json may name, fetched at once, then matched in file order (matchPeople). Adding someone first
  // locks their emails and name (lockForCreate) and matches again, so two imports at once add a new person once.
  const lookup = () => findPeopleByEmailsOrNames(deps, ws.id, file.people.flatMap(emailsOf), file.people.map((p) => p.name));
  let plan = matchPeople(file, await lookup(), orgFor);
  if (plan.toInsert.length) {
    await lockForCreate(deps, plan.toInsert.flatMap((x) => personCreateKeys(ws.id, x.person)));
    plan = matchPeople(file, await lookup(), orgFor);
  }
  for (const [id, patch] of plan.patches) await patchPerson(deps, id, patch);
  const inserted = await insertPeople(deps, ws.id, plan.toInsert.map((x) => x.person));
  // A later row that matched a person this file adds refers to that person.
  const pendingIds = new Map(plan.toInsert.map((x, i) => [`pending:${x.at}`, inserted[i]!]));
  const matched = plan.matched.map((m) => pendingIds.get(m.id) ?? m);
  const roster: RosterPerson[] = file.people.map((p, at) => {
    const person = matched[at]!;
    const org = orgFor(p.side, p.org);
    return { id: person.id, name: person.name, emails: person.emails, phones: person.phones, title: person.title, side: p.side, orgName: org.name };
  });

  if (existing?.source_hash === sourceHash) {
    return { deal: await getDeal(deps, existing.id), created: false, unchanged: true, roster, workspace: ws };
  }
  let dealId = existing?.id;
  const firstOf = (side: Side) => roster.filter((r) => r.side === side);
  if (!dealId) {
    dealId = deps.ids.make("deal");
    const now = deps.clock.now();
    await deps.db.insertInto("deals").values({
      id: dealId, workspace_id: ws.id, slug: file.id, name: file.name ?? titleCase(file.id), buyer_org_id: buyer.id,
      motion: file.motion ?? "co-sell", stage: file.stage ?? "discovery", amount: file.amount ?? null, currency: file.currency ?? null,
      // Defaults a person can change: the first of our people owns the deal, the second backs them up.
      owner_id: firstOf("ours")[0]?.id ?? null, backup_owner_id: firstOf("ours")[1]?.id ?? null, partner_owner_id: firstOf("partner")[0]?.id ?? null,
      timezone: file.timezone, source_hash: sourceHash, created_at: now, updated_at: now,
    }).execute();
    await logActivity(deps, { workspaceId: ws.id, dealId, actor, action: "create", entity: "deal", entityId: dealId, data: { slug: file.id } });
  } else {
    await deps.db.updateTable("deals").set({ source_hash: sourceHash, updated_at: deps.clock.now(), timezone: file.timezone }).where("id", "=", dealId).execute();
  }
  await setDealPartners(deps, dealId, partners.map((p) => p.id), { isNew: !existing });
  await addDealPeople(deps, dealId, roster.map((r) => r.id));
  return { deal: await getDeal(deps, dealId), created: !existing, unchanged: false, roster, workspace: ws };
}
