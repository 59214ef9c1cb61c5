// baton invite on a real database: by partner name or id, the accept link printed when no mail is configured
// (and it opens the invitation, naming the inviter given with --by), emailed when it is; bad input named.
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDeps } from "../../../test/db.ts";
import type { Mail, Mailer } from "../../adapters/email/smtp.ts";
import type { Database } from "../../db/client.ts";
import { createUser, listInvitations, lookupInvitation } from "../../modules/auth/index.ts";
import { isAppError } from "../../shared/errors.ts";
import { registerInvite } from "./invite.ts";

const WS = "ws_1";
let database: Database;
let deps: ReturnType<typeof testDeps>;

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-05-20T09:00:00Z");
  await deps.db.insertInto("workspaces").values({ id: WS, name: "Tidewell", holidays: [], settings: {} }).execute();
  await deps.db.insertInto("organisations").values([
    { id: "org_bright", workspace_id: WS, name: "Brightpath", side: "partner" },
    { id: "org_buyer", workspace_id: WS, name: "Fjord Dairy", side: "buyer" },
  ]).execute();
  await createUser(deps, { workspaceId: WS, email: "ada@tidewell.io", name: "Ada Lindqvist", password: "correct horse battery", role: "admin" });
});
afterAll(async () => { await database?.close(); });

async function run(args: string[], mailer: Mailer | null = null) {
  let out = "";
  const program = new Command().exitOverride();
  registerInvite(program, { open: async () => ({ database: { close: async () => {} }, deps }), write: (s) => { out += s; }, mailer, publicUrl: "https://baton.example.com" });
  await program.parseAsync(["node", "baton", "invite", ...args]);
  return out;
}
const failure = async (args: string[]) => run(args).then(() => { throw new Error("expected a failure"); }, (e: unknown) => e);

describe("baton invite", () => {
  it("invites by partner name and prints the accept link when no mail server is configured", async () => {
    const out = await run(["Lena@Brightpath.example", "--partner", "Brightpath", "--name", "Lena", "--by", "ada@tidewell.io"]);
    expect(out).toContain("Invited Lena <lena@brightpath.example> to Brightpath (expires 2026-05-27)");
    const url = /Accept link: (https:\/\/baton\.example\.com\/invite\/\S+)/.exec(out)?.[1];
    expect(url).toBeTruthy();
    const token = decodeURIComponent(url!.split("/invite/")[1]!);
    expect(await lookupInvitation(deps, token, "198.51.100.1")).toMatchObject({ email: "lena@brightpath.example", name: "Lena", partnerName: "Brightpath", invitedBy: "Ada Lindqvist" });
  });

  it("invites by organisation id, emails the link when mail is configured, and a re-invite replaces the open one", async () => {
    const sent: Mail[] = [];
    const mailer: Mailer = { async send(m) { sent.push(m); return { messageId: "<m1@test>", accepted: m.to }; } };
    const out = await run(["piotr@brightpath.example", "--partner", "org_bright"], mailer);
    expect(out).toContain("Emailed the accept link to piotr@brightpath.example");
    expect(out).not.toContain("Accept link:");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe("Tidewell invited you to Baton (Brightpath)");
    const url = /(https:\/\/baton\.example\.com\/invite\/\S+)/.exec(sent[0]!.text)![1]!;
    // No --by: the invitation names no inviting user.
    expect((await lookupInvitation(deps, decodeURIComponent(url.split("/invite/")[1]!), "198.51.100.1")).invitedBy).toBeNull();
    await run(["piotr@brightpath.example", "--partner", "org_bright"]);
    expect((await listInvitations(deps, WS)).filter((i) => i.email === "piotr@brightpath.example")).toHaveLength(1);
  });

  it("names the bad input: unknown partner, a buyer organisation, a bad email, an unknown inviter", async () => {
    const unknown = await failure(["kim@x.example", "--partner", "Nobody Inc"]);
    expect(isAppError(unknown) && unknown.details?.[0]?.field).toBe("--partner");
    const buyer = await failure(["kim@x.example", "--partner", "Fjord Dairy"]);
    expect(isAppError(buyer) && buyer.details?.[0]).toMatchObject({ field: "partnerOrgId", message: expect.stringContaining("buyer side") });
    const email = await failure(["not-an-email", "--partner", "Brightpath"]);
    expect(isAppError(email) && email.details?.[0]?.field).toBe("email");
    const by = await failure(["kim@x.example", "--partner", "Brightpath", "--by", "nobody@tidewell.io"]);
    expect(isAppError(by) && by.details?.[0]?.field).toBe("--by");
  });
});
