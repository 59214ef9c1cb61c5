// Escalation of an intro nobody has acted on: level 1 tells the backup (at 100% of the
// target), level 2 the partner manager (at 150%). Each level is recorded once and mailed once,
// and, when BATON_SLACK_WEBHOOK_URL is set, posted once to Slack (each channel retried on its own).
import { logActivity } from "../activity/index.ts";
import { getDeal } from "../deals/index.ts";
import { findPerson, getWorkspace, listPartners } from "../directory/index.ts";
import { loadConfig } from "../../shared/config.ts";
import type { Deps } from "../../shared/deps.ts";
import { AppError } from "../../shared/errors.ts";
import { calendarOf } from "./handoff-calendar.ts";
import type { Mailer } from "./handoff-mailer.ts";
import { buildSlackEscalation, claimSlack, postSlack, setSlackDelivery, slackWebhookUrl } from "./handoff-slack.ts";
import { claimEscalation, findHandoff, updateEscalation, type HandoffRow } from "./handoff.repo.ts";
import { resolveFirstAction } from "./handoff.service.ts";
import { computeClock } from "./ttfa.ts";

export type SlackOutcome = "sent" | "failed" | null;
export type EscalationOutcome =
  | { status: "skipped"; reason: string }
  | { status: "sent" | "not_sent"; recipients: string[]; subject: string; note: string | null; slack?: SlackOutcome; slackNote?: string | null };

export interface EscalateOptions {
  mailer: Mailer | null;
  /** undefined: BATON_SLACK_WEBHOOK_URL when set; null: never post to Slack. */
  slackWebhookUrl?: string | null;
  /** Base of the deal link; default BATON_PUBLIC_URL, else http://localhost:3000. */
  publicUrl?: string;
  /**
   * Also posts the intro alert to the delivery destinations subscribed to it (wired in server/main.ts). Called on
   * every run of a level, retries included: targets that already got it are skipped. Returns the failed targets.
   */
  notify?: (deps: Deps, p: { dealId: string; level: 1 | 2 }) => Promise<{ failed: string[] }>;
}

const hours = (ms: number) => `${Math.round((ms / 3600_000) * 10) / 10} business hours`;

async function escalationContext(deps: Deps, h: HandoffRow, level: 1 | 2) {
  const ws = await getWorkspace(deps);
  const deal = await getDeal(deps, h.dealId);
  const owner = h.ownerId ? await findPerson(deps, h.ownerId) : null;
  const backup = h.backupId ? await findPerson(deps, h.backupId) : null;
  const partner = h.partnerOrgId ? (await listPartners(deps, ws.id)).find((p) => p.orgId === h.partnerOrgId) ?? null : null;
  const manager = partner?.partnerManagerId ? await findPerson(deps, partner.partnerManagerId) : null;
  const recipient = level === 1 ? backup : manager;
  const clock = computeClock({ receivedAt: h.receivedAt, now: deps.clock.now(), targetMs: h.targetMs, firstAction: null, calendar: calendarOf(ws) });
  const partnerName = partner?.name ?? h.brief.fields.partnerCompany.value ?? "a partner";
  return { ws, deal, owner, backup, manager, recipient, clock, partnerName };
}

function slackMessage(ctx: Awaited<ReturnType<typeof escalationContext>>, h: HandoffRow, level: 1 | 2, publicUrl: string) {
  return buildSlackEscalation({
    level, dealId: h.dealId, dealName: ctx.deal.name, partnerName: ctx.partnerName, introducedBy: h.brief.introducedBy.name ?? null,
    elapsedMs: ctx.clock.elapsedMs, targetMs: h.targetMs, owner: ctx.owner?.name ?? null, backup: ctx.backup?.name ?? null,
    recipient: ctx.recipient?.name ?? null, publicUrl,
  });
}

/** Posts the claimed Slack delivery and records its outcome on the row; never throws. */
async function deliverSlack(deps: Deps, escalationId: string, url: string, message: ReturnType<typeof buildSlackEscalation>): Promise<{ slack: SlackOutcome; slackNote: string | null; error: unknown }> {
  try {
    await postSlack(url, message);
    await setSlackDelivery(deps, escalationId, "sent", null);
    return { slack: "sent", slackNote: null, error: null };
  } catch (e) {
    const note = String((e as Error).message);
    await setSlackDelivery(deps, escalationId, "failed", note);
    return { slack: "failed", slackNote: note, error: e };
  }
}

export async function escalateHandoff(deps: Deps, opts: EscalateOptions, payload: { handoffId: string; level: 1 | 2 }): Promise<EscalationOutcome> {
  const h = await findHandoff(deps, payload.handoffId);
  if (!h) return { status: "skipped", reason: "handoff deleted" };
  if (await resolveFirstAction(deps, h)) return { status: "skipped", reason: "first action already taken" };
  const slackUrl = slackWebhookUrl(opts.slackWebhookUrl);
  const publicUrl = () => opts.publicUrl ?? loadConfig().BATON_PUBLIC_URL ?? "http://localhost:3000";

  // Only the caller that inserts the row (or takes over a failed delivery) mails: two workers never both send.
  const esc = await claimEscalation(deps, { id: deps.ids.make("esc"), handoffId: h.id, level: payload.level, at: deps.clock.now() });
  const notify = async () => {
    const r = opts.notify ? await opts.notify(deps, { dealId: h.dealId, level: payload.level }).catch((e: Error) => ({ failed: [e.message] })) : { failed: [] };
    return r.failed.length ? new AppError("UPSTREAM_FAILED", `Could not post the intro alert to ${r.failed.length} destination(s)`, { details: r.failed.map((message) => ({ message })) }) : null;
  };
  if (!esc.isMine) {
    const notified = await notify();
    // The email is done (or held by another worker); a Slack post that failed earlier is retried here, once.
    const slackId = slackUrl ? await claimSlack(deps, h.id, payload.level, { unsent: false }) : null;
    if (!slackId) {
      if (notified) throw notified;
      return { status: "skipped", reason: `level ${payload.level} already ${esc.row.delivery}` };
    }
    const ctx = await escalationContext(deps, h, payload.level);
    const r = await deliverSlack(deps, slackId, slackUrl!, slackMessage(ctx, h, payload.level, publicUrl()));
    await logActivity(deps, {
      workspaceId: h.workspaceId, dealId: h.dealId, actor: { id: "system", kind: "system" }, action: "escalate.slack", entity: "handoff", entityId: h.id,
      data: { level: payload.level, slack: r.slack, slackNote: r.slackNote },
    });
    if (r.error) throw r.error instanceof AppError ? r.error : new AppError("UPSTREAM_FAILED", "Could not post the escalation to Slack", { cause: r.error });
    return { status: esc.row.delivery === "sent" ? "sent" : "not_sent", recipients: esc.row.recipients, subject: esc.row.subject ?? "", note: esc.row.note, slack: r.slack, slackNote: null };
  }

  const ctx = await escalationContext(deps, h, payload.level);
  const { ws, deal, owner, backup, manager, recipient, clock, partnerName } = ctx;
  const cc = (payload.level === 1 ? [owner] : [owner, backup]).map((p) => p?.emails[0]).filter((e): e is string => !!e);
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
  let mailError: unknown = null;
  if (!to) note = payload.level === 1 ? "not sent: no backup with an email on this handoff" : "not sent: no partner manager with an email for this partner";
  else if (!opts.mailer) note = "not sent: no SMTP configured";
  else {
    try {
      await opts.mailer.send({ from: `Baton <baton@${ws.domains[0] ?? "localhost"}>`, to: [to], cc, subject, text });
      delivery = "sent";
    } catch (e) {
      mailError = e;
    }
  }

  // Slack is independent of the email: posted when this caller claims it (never tried, or failed before).
  const slackId = slackUrl ? await claimSlack(deps, h.id, payload.level, { unsent: true }) : null;
  const slack = slackId ? await deliverSlack(deps, slackId, slackUrl!, slackMessage(ctx, h, payload.level, publicUrl())) : { slack: null, slackNote: null, error: null };

  const recipients = to ? [to, ...cc] : [];
  if (mailError) {
    await updateEscalation(deps, esc.row.id, { recipients, subject, delivery: "failed", note: String((mailError as Error).message) });
    throw mailError instanceof AppError ? mailError : new AppError("UPSTREAM_FAILED", "Could not send the escalation email", { cause: mailError });
  }
  await updateEscalation(deps, esc.row.id, { recipients, subject, delivery, note });
  await logActivity(deps, {
    workspaceId: h.workspaceId, dealId: h.dealId, actor: { id: "system", kind: "system" }, action: "escalate", entity: "handoff", entityId: h.id,
    data: { level: payload.level, delivery, recipients, note, ...(slackUrl ? { slack: slack.slack, slackNote: slack.slackNote } : {}) },
  });
  const notified = await notify();
  if (slack.error) throw slack.error instanceof AppError ? slack.error : new AppError("UPSTREAM_FAILED", "Could not post the escalation to Slack", { cause: slack.error });
  if (notified) throw notified;
  return { status: delivery, recipients, subject, note, ...(slackUrl ? { slack: slack.slack, slackNote: slack.slackNote } : {}) };
}
