// Escalation of an intro nobody has acted on: level 1 tells the backup (at 100% of the
// target), level 2 the partner manager (at 150%). Each level is recorded once and mailed once.
import { logActivity } from "../activity/index.ts";
import { getDeal } from "../deals/index.ts";
import { findPerson, getWorkspace, listPartners } from "../directory/index.ts";
import type { Deps } from "../../shared/deps.ts";
import { AppError } from "../../shared/errors.ts";
import { calendarOf } from "./handoff-calendar.ts";
import type { Mailer } from "./handoff-mailer.ts";
import { claimEscalation, findHandoff, updateEscalation } from "./handoff.repo.ts";
import { resolveFirstAction } from "./handoff.service.ts";
import { computeClock } from "./ttfa.ts";

export type EscalationOutcome =
  | { status: "skipped"; reason: string }
  | { status: "sent" | "not_sent"; recipients: string[]; subject: string; note: string | null };

const hours = (ms: number) => `${Math.round((ms / 3600_000) * 10) / 10} business hours`;

export async function escalateHandoff(deps: Deps, opts: { mailer: Mailer | null }, payload: { handoffId: string; level: 1 | 2 }): Promise<EscalationOutcome> {
  const h = await findHandoff(deps, payload.handoffId);
  if (!h) return { status: "skipped", reason: "handoff deleted" };
  if (await resolveFirstAction(deps, h)) return { status: "skipped", reason: "first action already taken" };

  // Only the caller that inserts the row (or takes over a failed delivery) mails: two workers never both send.
  const esc = await claimEscalation(deps, { id: deps.ids.make("esc"), handoffId: h.id, level: payload.level, at: deps.clock.now() });
  if (!esc.isMine) return { status: "skipped", reason: `level ${payload.level} already ${esc.row.delivery}` };

  const ws = await getWorkspace(deps);
  const deal = await getDeal(deps, h.dealId);
  const owner = h.ownerId ? await findPerson(deps, h.ownerId) : null;
  const backup = h.backupId ? await findPerson(deps, h.backupId) : null;
  const partner = h.partnerOrgId ? (await listPartners(deps, ws.id)).find((p) => p.orgId === h.partnerOrgId) ?? null : null;
  const manager = partner?.partnerManagerId ? await findPerson(deps, partner.partnerManagerId) : null;
  const recipient = payload.level === 1 ? backup : manager;
  const cc = (payload.level === 1 ? [owner] : [owner, backup]).map((p) => p?.emails[0]).filter((e): e is string => !!e);
  const clock = computeClock({ receivedAt: h.receivedAt, now: deps.clock.now(), targetMs: h.targetMs, firstAction: null, calendar: calendarOf(ws) });
  const partnerName = partner?.name ?? h.brief.fields.partnerCompany.value ?? "a partner";
  const subject = payload.level === 1
    ? `Intro waiting for a first action: ${deal.name} (from ${partnerName})`
    : `Escalation: intro from ${partnerName} still unanswered: ${deal.name}`;
  const problem = h.brief.fields.problem;
  const text = [
    payload.level === 1
      ? `Hi ${backup?.name.split(" ")[0] ?? ""}, you back up ${owner?.name ?? "the owner"} on this intro and nobody has acted on it yet.`
      : `Hi ${manager?.name.split(" ")[0] ?? ""}, the intro ${partnerName} sent us has had no first action for ${hours(clock.elapsedMs)}.`,
    "",
    `Deal: ${deal.name}`,
    `Partner: ${partnerName}${h.brief.introducedBy.name ? ` (${h.brief.introducedBy.name})` : ""}`,
    `Received: ${h.receivedAt.toISOString()}`,
    `Elapsed: ${hours(clock.elapsedMs)} of a ${hours(h.targetMs)} target`,
    `Owner: ${owner?.name ?? "nobody"}${backup ? `, backup: ${backup.name}` : ""}`,
    ...(problem.value ? ["", `Problem, in the partner's words: "${problem.evidence?.quote ?? problem.value}"`] : []),
  ].join("\n");

  const to = recipient?.emails[0] ?? null;
  let delivery: "sent" | "not_sent" = "not_sent";
  let note: string | null = null;
  if (!to) note = payload.level === 1 ? "not sent: no backup with an email on this handoff" : "not sent: no partner manager with an email for this partner";
  else if (!opts.mailer) note = "not sent: no SMTP configured";
  else {
    try {
      await opts.mailer.send({ from: `Baton <baton@${ws.domains[0] ?? "localhost"}>`, to: [to], cc, subject, text });
      delivery = "sent";
    } catch (e) {
      await updateEscalation(deps, esc.row.id, { recipients: [to, ...cc], subject, delivery: "failed", note: String((e as Error).message) });
      throw e instanceof AppError ? e : new AppError("UPSTREAM_FAILED", "Could not send the escalation email", { cause: e });
    }
  }
  const recipients = to ? [to, ...cc] : [];
  await updateEscalation(deps, esc.row.id, { recipients, subject, delivery, note });
  await logActivity(deps, {
    workspaceId: h.workspaceId, dealId: h.dealId, actor: { id: "system", kind: "system" }, action: "escalate", entity: "handoff", entityId: h.id,
    data: { level: payload.level, delivery, recipients, note },
  });
  return { status: delivery, recipients, subject, note };
}
