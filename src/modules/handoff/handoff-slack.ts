// Slack delivery of an escalation: a Block Kit message POSTed to an incoming webhook
// (BATON_SLACK_WEBHOOK_URL), and the slack_delivery/slack_note columns of handoff_escalations.
import "../../db/schema-runway.ts";
import type { Deps } from "../../shared/deps.ts";
import { postSlackWebhook } from "../../adapters/slack/slack.ts";

type D = Pick<Deps, "db">;

export interface SlackEscalation {
  level: 1 | 2; dealId: string; dealName: string; partnerName: string; introducedBy: string | null;
  elapsedMs: number; targetMs: number; owner: string | null; backup: string | null; recipient: string | null; publicUrl: string;
}

export interface SlackMessage { text: string; blocks: Array<Record<string, unknown>> }

const hours = (ms: number) => `${Math.round((ms / 3600_000) * 10) / 10} h`;
/** Slack mrkdwn needs &, < and > escaped in user text. */
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The webhook URL for a run: an explicit option wins, else BATON_SLACK_WEBHOOK_URL; null or empty means no Slack. */
export function slackWebhookUrl(explicit?: string | null, env: Record<string, string | undefined> = process.env): string | null {
  const url = explicit === undefined ? env.BATON_SLACK_WEBHOOK_URL : explicit;
  return url ? url : null;
}

export function dealUrl(publicUrl: string, dealId: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/deals/${encodeURIComponent(dealId)}`;
}

export function buildSlackEscalation(e: SlackEscalation): SlackMessage {
  const header = e.level === 1 ? "Intro waiting for a first action" : "Escalation: intro still unanswered";
  const url = dealUrl(e.publicUrl, e.dealId);
  const ratio = e.targetMs > 0 ? Math.round((e.elapsedMs / e.targetMs) * 100) : 0;
  const text = `${header}: ${e.dealName} (from ${e.partnerName}), ${hours(e.elapsedMs)} of a ${hours(e.targetMs)} target`;
  return {
    text,
    blocks: [
      { type: "header", text: { type: "plain_text", text: `${header} (level ${e.level})`.slice(0, 150), emoji: false } },
      { type: "section", text: { type: "mrkdwn", text: `*<${url}|${esc(e.dealName)}>* from *${esc(e.partnerName)}*${e.introducedBy ? ` (${esc(e.introducedBy)})` : ""}` } },
      {
        type: "section",
        fields: [
          { type: "mrkdwn", text: `*Elapsed (business time)*\n${hours(e.elapsedMs)} of ${hours(e.targetMs)} target (${ratio}%)` },
          { type: "mrkdwn", text: `*Escalated to*\n${esc(e.recipient ?? (e.level === 1 ? "the backup" : "the partner manager"))}` },
          { type: "mrkdwn", text: `*Owner*\n${esc(e.owner ?? "nobody")}` },
          { type: "mrkdwn", text: `*Backup*\n${esc(e.backup ?? "nobody")}` },
        ],
      },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the deal" }, url }] },
    ],
  };
}

/** POSTs to an incoming webhook (the shared Slack adapter); Slack answers 200 "ok", anything else is a failure. */
export const postSlack = (url: string, message: SlackMessage, opts: { timeoutMs?: number } = {}) => postSlackWebhook(url, message, opts);

export async function readSlackDelivery(deps: D, escalationId: string): Promise<"pending" | "sent" | "failed" | null> {
  const r = await deps.db.selectFrom("handoff_escalations").select("slack_delivery").where("id", "=", escalationId).executeTakeFirst();
  return r?.slack_delivery ?? null;
}

export async function setSlackDelivery(deps: D, escalationId: string, delivery: "pending" | "sent" | "failed", note: string | null): Promise<void> {
  await deps.db.updateTable("handoff_escalations").set({ slack_delivery: delivery, slack_note: note }).where("id", "=", escalationId).execute();
}

/**
 * Claims the Slack delivery of one escalation level: a delivery that failed (a retry), and with
 * `unsent` also one never tried (the caller that claimed the escalation). Only one caller wins.
 */
export async function claimSlack(deps: D, handoffId: string, level: number, opts: { unsent: boolean }): Promise<string | null> {
  const r = await deps.db.updateTable("handoff_escalations").set({ slack_delivery: "pending", slack_note: null })
    .where("handoff_id", "=", handoffId).where("level", "=", level)
    .where((eb) => opts.unsent ? eb.or([eb("slack_delivery", "is", null), eb("slack_delivery", "=", "failed")]) : eb("slack_delivery", "=", "failed"))
    .returning("id").executeTakeFirst();
  return r?.id ?? null;
}
