// Partner invitations: staff invite a person of a partner organisation by email; the invitee opens the link,
// sets a name and password, and becomes a partner user scoped to the deals shared with that organisation.
import type { Mailer } from "../../adapters/email/smtp.ts";
import { logActivity } from "../activity/index.ts";
import { findOrg } from "../directory/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, invalidInput, notFound } from "../../shared/errors.ts";
import { deleteAttemptsBefore, findUserRowByEmail, insertAttempts, listAttemptTimes } from "./auth.repo.ts";
import { createSession, type NewSession } from "./auth.service.ts";
import * as repo from "./invitations.repo.ts";
import { findUserRowById } from "./invitations.repo.ts";
import type { AcceptInvitation, CreatedInvitation, CreateInvitation, Invitation, InvitationLookup } from "./invitations.schemas.ts";
import { computeRetryAt, LOGIN_WINDOW_MS } from "./login-limit.ts";
import { hashSecret, makeSecret } from "./secrets.ts";
import { createUser } from "./users.service.ts";

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
export const MAX_INVITATIONS_PER_HOUR = 20;
export const MAX_FAILED_INVITATION_LOOKUPS = 10;
const HOUR_MS = 3600_000;

const inviteIpKey = (ip: string) => `invite-ip:${ip}`;

export interface InviteOptions {
  /** Base of the accept link (BATON_PUBLIC_URL, else the request's origin). */
  publicUrl: string;
  /** null: no outgoing mail configured; the link is returned for the admin to pass on. */
  mailer: Mailer | null;
  /** id null: no user invites (the CLI run by an operator); the invitation names no inviter. */
  inviter: { id: string | null; email: string; name: string };
}

function statusOf(r: repo.InvitationRow, now: Date): Invitation["status"] {
  if (r.accepted_at) return "accepted";
  return r.expires_at.getTime() <= now.getTime() ? "expired" : "pending";
}

const toInvitation = (r: repo.InvitationRow, now: Date): Invitation => ({
  id: r.id, email: r.email, name: r.name, partnerOrgId: r.partner_org_id, partnerName: r.partner_name, status: statusOf(r, now),
  invitedBy: r.invited_by, expiresAt: r.expires_at.toISOString(), acceptedAt: r.accepted_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(),
});

export function acceptUrlFor(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/invite/${encodeURIComponent(token)}`;
}

export function invitationEmail(input: { to: string; name: string | null; partnerName: string; inviterName: string; acceptUrl: string; expiresAt: Date }) {
  const hello = input.name ? `Hello ${input.name},` : "Hello,";
  const text = [
    hello, "",
    `${input.inviterName} invited you to the shared deal record for ${input.partnerName} in Baton: the deals you co-sell with us,`,
    "their commitments and recaps, in one place both teams work from.", "",
    `Accept the invitation and set your password: ${input.acceptUrl}`, "",
    `The link works once and expires on ${input.expiresAt.toISOString().slice(0, 10)}. If you did not expect it, ignore this email.`,
  ].join("\n");
  return { subject: `${input.inviterName} invited you to Baton (${input.partnerName})`, text };
}

/** Creates (or replaces) the open invitation for an email and emails the accept link when mail is configured. */
export async function createInvitation(deps: Deps, actor: Actor, workspaceId: string, input: CreateInvitation, opts: InviteOptions): Promise<CreatedInvitation> {
  const now = deps.clock.now();
  if (opts.inviter.id && await repo.countInvitationsSince(deps.db, opts.inviter.id, new Date(now.getTime() - HOUR_MS)) >= MAX_INVITATIONS_PER_HOUR) {
    throw new AppError("RATE_LIMITED", `At most ${MAX_INVITATIONS_PER_HOUR} invitations an hour: try again later`);
  }
  const org = await findOrg(deps, input.partnerOrgId);
  if (!org) throw invalidInput("Invalid invitation", [{ field: "partnerOrgId", message: "no such organisation" }]);
  if (org.side !== "partner") throw invalidInput("Invalid invitation", [{ field: "partnerOrgId", message: `${org.name} is on the ${org.side} side, not a partner` }]);
  if (await findUserRowByEmail(deps.db, input.email)) throw new AppError("CONFLICT", `${input.email} already has a Baton account`, { details: [{ field: "email", message: "already a user" }] });

  const token = makeSecret();
  const id = deps.ids.make("inv");
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  await deps.db.transaction().execute(async (trx) => {
    await repo.revokeOpenInvitations(trx, workspaceId, input.email, now);
    await repo.insertInvitation(trx, {
      id, workspace_id: workspaceId, email: input.email, name: input.name ?? null, partner_org_id: org.id, token_hash: hashSecret(token),
      invited_by: opts.inviter.id, expires_at: expiresAt, created_at: now,
    });
    await logActivity({ db: trx, clock: deps.clock }, { workspaceId, actor, action: "invitation.create", entity: "invitation", entityId: id, data: { email: input.email, partnerOrgId: org.id } });
  });

  const acceptUrl = acceptUrlFor(opts.publicUrl, token);
  let emailed = false;
  let emailError: string | null = "No outgoing mail server (BATON_SMTP_URL): pass the link on yourself";
  if (opts.mailer) {
    const mail = invitationEmail({ to: input.email, name: input.name ?? null, partnerName: org.name, inviterName: opts.inviter.name, acceptUrl, expiresAt });
    try {
      await opts.mailer.send({ from: opts.inviter.email, to: [input.email], cc: [], subject: mail.subject, text: mail.text });
      emailed = true;
      emailError = null;
    } catch (e) {
      // The invitation stands: the admin can pass the link on or invite again.
      emailError = (e as Error).message;
    }
  }
  return { id, email: input.email, name: input.name ?? null, partnerOrgId: org.id, partnerName: org.name, expiresAt: expiresAt.toISOString(), acceptUrl, emailed, emailError };
}

/** Pending (including expired) and accepted invitations, newest first; revoked ones are gone. Never tokens. */
export async function listInvitations(deps: Deps, workspaceId: string): Promise<Invitation[]> {
  const now = deps.clock.now();
  return (await repo.listInvitationRows(deps.db, workspaceId)).map((r) => toInvitation(r, now));
}

export async function revokeInvitation(deps: Deps, actor: Actor, workspaceId: string, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.revokeInvitationRow(trx, workspaceId, id, deps.clock.now()))) throw notFound(`Open invitation ${id}`);
    await logActivity({ db: trx, clock: deps.clock }, { workspaceId, actor, action: "invitation.revoke", entity: "invitation", entityId: id });
  });
}

/** At most 10 failed lookups or accepts per IP in 15 minutes (tokens are unguessable; this keeps scanners slow). */
async function assertLookupAllowed(deps: Deps, ip: string): Promise<void> {
  const now = deps.clock.now();
  const retryAt = computeRetryAt(await listAttemptTimes(deps.db, inviteIpKey(ip), new Date(now.getTime() - LOGIN_WINDOW_MS)), { max: MAX_FAILED_INVITATION_LOOKUPS });
  if (retryAt) {
    throw new AppError("RATE_LIMITED", `Too many invalid invitation links. Try again after ${retryAt.toISOString()}.`, { details: [{ field: "retryAt", message: retryAt.toISOString() }] });
  }
}

async function recordLookupFailure(deps: Deps, ip: string): Promise<void> {
  const now = deps.clock.now();
  await insertAttempts(deps.db, [inviteIpKey(ip)], now);
  await deleteAttemptsBefore(deps.db, new Date(now.getTime() - LOGIN_WINDOW_MS));
}

const unusable = () => notFound("Invitation (unknown, expired, revoked or already used)");

export async function lookupInvitation(deps: Deps, token: string, ip: string): Promise<InvitationLookup> {
  await assertLookupAllowed(deps, ip);
  const r = await repo.findUsableInvitation(deps.db, hashSecret(token), deps.clock.now());
  if (!r) {
    await recordLookupFailure(deps, ip);
    throw unusable();
  }
  const inviter = r.invited_by ? await findUserRowById(deps.db, r.invited_by) : undefined;
  return { email: r.email, name: r.name, partnerName: r.partner_name, expiresAt: r.expires_at.toISOString(), invitedBy: inviter?.name ?? null };
}

/** Uses the invitation once: creates the partner user and signs them in (one transaction). */
export async function acceptInvitation(deps: Deps, token: string, input: AcceptInvitation, ip: string): Promise<NewSession> {
  await assertLookupAllowed(deps, ip);
  const now = deps.clock.now();
  // createUser's CONFLICT (the email got an account another way since) rolls the whole accept back.
  const result = await deps.db.transaction().execute(async (trx) => {
    const tx = { ...deps, db: trx };
    const inv = await repo.consumeInvitation(trx, hashSecret(token), now);
    if (!inv) return null;
    const org = await findOrg(tx, inv.partner_org_id);
    if (!org || org.side !== "partner") return null; // the organisation moved sides since: the invitation no longer holds
    const user = await createUser(tx, { workspaceId: inv.workspace_id, email: inv.email, name: input.name, password: input.password, role: "partner", partnerOrgId: org.id });
    await repo.setInvitationUser(trx, inv.id, user.id);
    await logActivity(tx, { workspaceId: inv.workspace_id, actor: { id: user.id, kind: "user", role: "partner", partnerOrgId: org.id }, action: "invitation.accept", entity: "invitation", entityId: inv.id, data: { email: inv.email, partnerOrgId: org.id } });
    return createSession(tx, user);
  });
  if (!result) {
    await recordLookupFailure(deps, ip);
    throw unusable();
  }
  return result;
}
