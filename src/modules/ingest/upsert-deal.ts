// Creates or matches the workspace, organisations, people and the deal a deal.json describes.
import { logActivity } from "../activity/index.ts";
import type { RosterPerson } from "../conversations/index.ts";
import { addDealPeople, findDealIdBySlug, getDeal, setDealPartners, type Deal } from "../deals/index.ts";
import {
  createWorkspace, findOrgByDomain, findOrgByName, findPeopleByEmailsOrNames, findWorkspace, insertOrg, insertPeople,
  patchPerson, upsertPartner, type Org, type Person,
} from "../directory/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import type { Side } from "../../shared/sides.ts";
import type { DealFile } from "./deal-folder.schemas.ts";

type OrgIn = { name: string; domain?: string; domains?: string[] };
const domainsOf = (o: OrgIn) => [...new Set([...(o.domain ? [o.domain] : []), ...(o.domains ?? [])])];
const titleCase = (slug: string) => slug.split("-").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(" ");

async function ensureOrg(deps: Deps, workspaceId: string, o: OrgIn, side: Side): Promise<Org> {
  for (const d of domainsOf(o)) {
    const hit = await findOrgByDomain(deps, workspaceId, d);
    if (hit) return hit;
  }
  return (await findOrgByName(deps, workspaceId, o.name)) ?? insertOrg(deps, workspaceId, { name: o.name, side, domains: domainsOf(o) });
}

export async function upsertDealFromFile(deps: Deps, actor: Actor, file: DealFile, sourceHash: string): Promise<{
  deal: Deal; created: boolean; unchanged: boolean; roster: RosterPerson[]; workspaceId: string;
}> {
  const ws = (await findWorkspace(deps)) ?? (await createWorkspace(deps, { name: file.orgs.ours.name, domains: domainsOf(file.orgs.ours), timezone: file.timezone }));
  const existing = await findDealIdBySlug(deps, ws.id, file.id);
  const ours = await ensureOrg(deps, ws.id, file.orgs.ours, "ours");
  const partnerIns = Array.isArray(file.orgs.partner) ? file.orgs.partner : [file.orgs.partner];
  const partners: Org[] = [];
  for (const p of partnerIns) partners.push(await ensureOrg(deps, ws.id, p, "partner"));
  for (const p of partners) await upsertPartner(deps, p.id, {});
  const buyer = await ensureOrg(deps, ws.id, file.orgs.buyer, "buyer");
  const orgFor = (side: Side, orgName?: string): Org => {
    if (side === "ours") return ours;
    if (side === "buyer") return buyer;
    return partners.find((p) => orgName && p.name.toLowerCase() === orgName.toLowerCase()) ?? partners[0];
  };

  // Everyone deal.json may name, fetched at once; then matched in file order as one lookup per person would:
  // an email first, then the same name in the same organisation (people added earlier in this file included).
  const emailsOf = (p: DealFile["people"][number]) => [...new Set([...(p.email ? [p.email] : []), ...(p.emails ?? [])])];
  const known: Person[] = await findPeopleByEmailsOrNames(deps, ws.id, file.people.flatMap(emailsOf), file.people.map((p) => p.name));
  const toInsert: Array<{ at: number; person: Parameters<typeof insertPeople>[2][number] }> = [];
  const matched: Array<Person | null> = [];
  for (const [at, p] of file.people.entries()) {
    const org = orgFor(p.side, p.org);
    const emails = emailsOf(p);
    let person: Person | null = null;
    for (const e of emails) person ??= known.find((k) => k.emails.includes(e.toLowerCase())) ?? null;
    person ??= known.find((k) => k.name.toLowerCase() === p.name.toLowerCase() && k.orgId === org.id) ?? null;
    if (!person) {
      const fresh = { name: p.name, emails, phones: p.phone ? [p.phone] : [], title: p.title ?? null, orgId: org.id, orgName: org.name, side: org.side };
      toInsert.push({ at, person: fresh });
      known.push({ id: `pending:${at}`, ...fresh });
    } else if ((!person.title && p.title) || emails.some((e) => !person!.emails.includes(e))) {
      const title = person.title ?? p.title ?? null;
      const merged = [...new Set([...person.emails, ...emails])];
      const pending = toInsert.find((x) => `pending:${x.at}` === person!.id);
      if (pending) { // added earlier in this file: amend the row about to be inserted
        Object.assign(pending.person, { title, emails: merged });
        Object.assign(person, { title, emails: merged });
        matched.push(person);
        continue;
      }
      const patched = await patchPerson(deps, person.id, { title, emails: merged });
      known[known.indexOf(person)] = patched;
      person = patched;
    }
    matched.push(person);
  }
  const inserted = await insertPeople(deps, ws.id, toInsert.map((x) => x.person));
  toInsert.forEach((x, i) => { matched[x.at] = inserted[i]; });
  // A later row that matched a person this file adds refers to that person.
  const pendingIds = new Map(toInsert.map((x, i) => [`pending:${x.at}`, inserted[i]]));
  const roster: RosterPerson[] = file.people.map((p, at) => {
    const person = pendingIds.get(matched[at]!.id) ?? matched[at]!;
    const org = orgFor(p.side, p.org);
    return { id: person.id, name: person.name, emails: person.emails, phones: person.phones, title: person.title, side: p.side, orgName: org.name };
  });

  if (existing?.source_hash === sourceHash) {
    return { deal: await getDeal(deps, existing.id), created: false, unchanged: true, roster, workspaceId: ws.id };
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
  await setDealPartners(deps, dealId, partners.map((p) => p.id));
  await addDealPeople(deps, dealId, roster.map((r) => r.id));
  return { deal: await getDeal(deps, dealId), created: !existing, unchanged: false, roster, workspaceId: ws.id };
}
