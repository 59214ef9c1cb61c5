// Pure rules behind the partner-access screens (no DOM, so they are unit-tested in node): public paths,
// the utterance range selection, invitation status and the words for an unusable invitation link.
import type { ApiError } from "./api-client.ts";
import type { Invitation } from "./types.ts";

// /invite/:token (accept a partner invitation) and /share/:token (the buyer's page) carry their own token.
const PUBLIC_PATHS = ["/login", "/setup", "/invite", "/share"];
export const isPublicPath = (p: string) => PUBLIC_PATHS.some((x) => p === x || p.startsWith(`${x}/`));

export interface SeqSelection { anchor: number; from: number; to: number }

/** Click selects one utterance (again: clears it); shift-click extends from the first click to this one. */
export function nextSelection(sel: SeqSelection | null, seq: number, isShift: boolean): SeqSelection | null {
  if (isShift && sel) return { anchor: sel.anchor, from: Math.min(sel.anchor, seq), to: Math.max(sel.anchor, seq) };
  if (sel && sel.from === seq && sel.to === seq) return null;
  return { anchor: seq, from: seq, to: seq };
}

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export function invitationStatus(i: Pick<Invitation, "acceptedAt" | "revokedAt" | "expiresAt" | "status">, now: Date = new Date()): InvitationStatus {
  if (i.status) return i.status;
  if (i.acceptedAt) return "accepted";
  if (i.revokedAt) return "revoked";
  return new Date(i.expiresAt).getTime() <= now.getTime() ? "expired" : "pending";
}

/** Why a token cannot be used, in words (the API answers 404 for unknown and 410/409 for used, revoked or expired links). */
export function invitationProblem(e: ApiError): { title: string; text: string } {
  if (e.status === 404) return { title: "This invitation link is not valid", text: "Check that you copied the whole link, or ask the person who invited you for a new one." };
  if (e.status === 410 || e.status === 409 || /expired|revoked|accepted|used/i.test(e.message)) {
    return { title: "This invitation can no longer be used", text: `${e.message} Ask the person who invited you to send a new one.` };
  }
  return { title: "Could not open this invitation", text: e.message };
}
