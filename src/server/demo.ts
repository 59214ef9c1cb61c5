// The demo workspace `npm start` serves: the example deal in examples/, a demo sign-in, and a demo partner user
// who sees the deals shared with their organisation (minus our internal deal-desk sidebar).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createUser, findUserByEmail } from "../modules/auth/index.ts";
import { listConversationSummaries } from "../modules/conversations/index.ts";
import { getWorkspace, listPartners, upsertPartner } from "../modules/directory/index.ts";
import { importConversationFile, importDealFolder, readDealFolder } from "../modules/ingest/index.ts";
import { markConversationInternal } from "../modules/partners-access/index.ts";
import { draftRecap } from "../modules/recap/index.ts";
import { findPackageRoot } from "../db/paths.ts";
import { systemActor, type Deps } from "../shared/deps.ts";

export const DEMO_LOGIN = { email: "demo@baton.local", password: "baton-demo-2026" } as const;
/** A partner user of the demo deal's partner organisation (Northgate Partners). */
export const DEMO_PARTNER_LOGIN = { email: "partner@northgate.example", password: "baton-partner-2026" } as const;

// Our side's pricing talk before the partner joined: kept internal (seq 0-2); the last note is shared.
const SIDEBAR_TITLE = "Deal desk sidebar";
const SIDEBAR_VTT = `WEBVTT

1
00:00:01.000 --> 00:00:07.000
Harriet Osei: Deal desk view on Crestview: we can go to 12 percent off list, not a point lower.

2
00:00:07.500 --> 00:00:13.000
Elena Vasquez: Understood. Let's keep the 12 percent floor between us until the Northgate margin is settled.

3
00:00:13.500 --> 00:00:18.000
Tobias Grant: Agreed, the partner should not see our floor yet.

4
00:00:18.500 --> 00:00:24.000
Elena Vasquez: For the shared notes: Samir and Joanna lead the WMS integration workstream with Tobias.
`;

export async function seedDemo(deps: Deps): Promise<{ dealSlugs: string[] }> {
  const dir = join(findPackageRoot(), "examples");
  const slugs: string[] = [];
  const dealIds: string[] = [];
  for (const name of ["demo-deal"]) {
    const folder = join(dir, name);
    if (!existsSync(join(folder, "deal.json"))) continue;
    const r = await importDealFolder(deps, systemActor, readDealFolder(folder));
    slugs.push(r.deal.slug);
    dealIds.push(r.deal.id);
  }
  const ws = await getWorkspace(deps);
  // Partner programme data a deal folder doesn't carry: the demo partner was onboarded in April.
  const partners = await listPartners(deps, ws.id);
  for (const partner of partners) {
    if (!partner.onboardedOn) await upsertPartner(deps, partner.orgId, { tier: "Gold", onboardedOn: "2026-04-01" });
  }
  if (!(await findUserByEmail(deps, DEMO_LOGIN.email))) {
    await createUser(deps, { workspaceId: ws.id, email: DEMO_LOGIN.email, name: "Demo Admin", password: DEMO_LOGIN.password, role: "admin" });
  }
  if (dealIds[0]) await seedPartnerView(deps, ws.id, dealIds[0]);
  return { dealSlugs: slugs };
}

/** The partner's side of the demo: a partner user, an internal range to hide from them, a recap for them to approve. */
async function seedPartnerView(deps: Deps, workspaceId: string, dealId: string): Promise<void> {
  const deal = await deps.db.selectFrom("deal_partners").select("org_id").where("deal_id", "=", dealId).orderBy("org_id").executeTakeFirst();
  if (!deal) return;
  if (!(await findUserByEmail(deps, DEMO_PARTNER_LOGIN.email))) {
    await createUser(deps, { workspaceId, email: DEMO_PARTNER_LOGIN.email, name: "Demo Partner", password: DEMO_PARTNER_LOGIN.password, role: "partner", partnerOrgId: deal.org_id });
  }
  const calls = (await listConversationSummaries(deps, dealId)).filter((c) => c.kind === "call");
  const first = calls[0];
  if (!first) return;
  // Notes, not a call, and dated before the first call: the first call stays the one the journeys draft.
  const sidebar = await importConversationFile(deps, systemActor, {
    dealId, filename: "00-deal-desk-sidebar.vtt", content: Buffer.from(SIDEBAR_VTT), kind: "notes", title: SIDEBAR_TITLE,
    startedAt: new Date(Date.parse(first.startedAt) - 3600_000).toISOString(),
  });
  await markConversationInternal(deps, systemActor, sidebar.conversationId, { fromSeq: 0, toSeq: 2, internal: true });
  // A drafted recap of the second call, waiting for both approvals (the partner user can approve it).
  const second = calls[1];
  if (second) await draftRecap(deps, second.id, { actor: systemActor });
}
