// The demo workspace `npm start` serves: the example deal in examples/ and a demo sign-in.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createUser, findUserByEmail } from "../modules/auth/index.ts";
import { getWorkspace, listPartners, upsertPartner } from "../modules/directory/index.ts";
import { importDealFolder, readDealFolder } from "../modules/ingest/index.ts";
import { findPackageRoot } from "../db/paths.ts";
import { systemActor, type Deps } from "../shared/deps.ts";

export const DEMO_LOGIN = { email: "demo@baton.local", password: "baton-demo-2026" } as const;

export async function seedDemo(deps: Deps): Promise<{ dealSlugs: string[] }> {
  const dir = join(findPackageRoot(), "examples");
  const slugs: string[] = [];
  for (const name of ["demo-deal"]) {
    const folder = join(dir, name);
    if (!existsSync(join(folder, "deal.json"))) continue;
    const r = await importDealFolder(deps, systemActor, readDealFolder(folder));
    slugs.push(r.deal.slug);
  }
  const ws = await getWorkspace(deps);
  // Partner programme data a deal folder doesn't carry: the demo partner was onboarded in April.
  for (const partner of await listPartners(deps, ws.id)) {
    if (!partner.onboardedOn) await upsertPartner(deps, partner.orgId, { tier: "Gold", onboardedOn: "2026-04-01" });
  }
  if (!(await findUserByEmail(deps, DEMO_LOGIN.email))) {
    await createUser(deps, { workspaceId: ws.id, email: DEMO_LOGIN.email, name: "Demo Admin", password: DEMO_LOGIN.password, role: "admin" });
  }
  return { dealSlugs: slugs };
}
