// Trying every target of one rendering: destinations (email list, Slack webhook, Slack channel) and plain
// addresses; each attempt recorded in `deliveries` with its exact error. A target that already got exactly this
// message (or, for automatic senders, this dedupe key) is skipped.
import { createHash } from "node:crypto";
import { logActivity } from "../activity/index.ts";
import { findPersonByEmail, type Workspace } from "../directory/index.ts";
import { mailerFromEnv, type Mailer } from "../../adapters/email/smtp.ts";
import { createSlackApi, postSlackWebhook } from "../../adapters/slack/slack.ts";
import type { DeliveryArtefact, DeliveryChannel } from "../../db/schema-delivery.ts";
import { loadConfig } from "../../shared/config.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { invalidInput } from "../../shared/errors.ts";
import { secretBoxFromEnv, type SecretBox } from "../../shared/secret-box.ts";
import type { DeliveryResult } from "./delivery.schemas.ts";
import { findSentDelivery, insertDelivery, listDestinations, type DestinationRow } from "./delivery.repo.ts";
import type { DeliveryAudience, Rendering } from "./render/doc.ts";

export interface DeliveryOptions {
  /** Outgoing mail; BATON_SMTP_URL when the first email goes out (a missing server fails those targets, not the request). */
  mailer?: Mailer;
  /** Slack Web API base URL (tests: the fake server); https://slack.com/api/ by default. */
  slackApiUrl?: string;
  slackRetries?: number;
  slackMinRetryMs?: number;
  slackTimeoutMs?: number;
  secretBox?: SecretBox;
  /** Public URL of Baton for links; BATON_PUBLIC_URL by default. */
  baseUrl?: string | null;
  from?: string;
}

export function baseUrlOf(opts: DeliveryOptions): string | undefined {
  if (opts.baseUrl !== undefined) return opts.baseUrl ?? undefined;
  return loadConfig().BATON_PUBLIC_URL ?? undefined;
}

// ---- targets ----------------------------------------------------------------------------------------

export interface Target {
  channel: DeliveryChannel; target: string; destinationId: string | null;
  /** A reason this target cannot receive this delivery (recorded as a failure; nothing is sent). */
  refused: string | null;
  destination: DestinationRow | null;
  emails: string[];
}

export async function resolveTargets(deps: Deps, ws: Workspace, p: {
  audience: DeliveryAudience; destinationIds: string[]; emails: string[];
  /** Partner organisations this content is about: a partner destination must be one of them. */
  partnerOrgIds: string[];
}): Promise<Target[]> {
  const ids = [...new Set(p.destinationIds)];
  const found = await listDestinations(deps, ws.id, { ids });
  const missing = ids.filter((id) => !found.some((d) => d.id === id));
  if (missing.length) throw invalidInput(`Unknown destination ${missing.join(", ")}`, missing.map((id) => ({ field: "destinationIds", message: `unknown ${id}` })));
  const targets: Target[] = ids.map((id) => found.find((d) => d.id === id)!).map((d) => {
    let refused: string | null = null;
    if (d.audience !== p.audience) refused = `Destination "${d.name}" is for audience ${d.audience}, not ${p.audience}`;
    else if (d.audience === "partner" && d.partnerOrgId && !p.partnerOrgIds.includes(d.partnerOrgId)) refused = `Destination "${d.name}" belongs to a partner that is not on this content`;
    return { channel: d.channel, target: d.target, destinationId: d.id, refused, destination: d, emails: d.channel === "email" ? d.target.split(/,\s*/) : [] };
  });
  for (const raw of [...new Set(p.emails.map((e) => e.trim().toLowerCase()))]) {
    let refused: string | null = null;
    if (p.audience === "ours") {
      // Our side's rendering carries internal content: only to our own addresses.
      const domain = raw.split("@")[1] ?? "";
      const person = ws.domains.includes(domain) ? null : await findPersonByEmail(deps, ws.id, raw);
      if (!ws.domains.includes(domain) && person?.side !== "ours") refused = `${raw} is not on our side: our side's rendering goes only to our own addresses`;
    }
    targets.push({ channel: "email", target: raw, destinationId: null, refused, destination: null, emails: [raw] });
  }
  if (!targets.length) throw invalidInput("Give destinationIds or emails", [{ field: "destinationIds", message: "no target" }]);
  return targets;
}

// ---- sending ----------------------------------------------------------------------------------------

const digestOf = (v: unknown) => createHash("sha256").update(JSON.stringify(v)).digest("hex");

export interface SendContext {
  ws: Workspace; actor: Actor; audience: DeliveryAudience; artefact: DeliveryArtefact; artefactId: string | null;
  dealId: string | null; partnerOrgId: string | null;
  /** Automatic senders: what this is ("sla:<deal>:1"); a target that already got it is skipped even if the words changed. */
  dedupeKey?: string | null;
}

export async function sendToTargets(deps: Deps, ctx: SendContext, rendering: Rendering, targets: Target[], opts: DeliveryOptions): Promise<DeliveryResult[]> {
  const from = opts.from ?? `Baton <baton@${ctx.ws.domains[0] ?? "localhost"}>`;
  let mailer = opts.mailer ?? null;
  let box = opts.secretBox ?? null;
  const results: DeliveryResult[] = [];
  for (const t of targets) {
    const payload = t.channel === "email" ? { subject: rendering.email.subject, text: rendering.email.text, html: rendering.email.html } : rendering.slack;
    const payloadDigest = digestOf({ channel: t.channel, payload });
    if (!t.refused) {
      const earlier = await findSentDelivery(deps, { channel: t.channel, target: t.target, destinationId: t.destinationId, payloadDigest, dedupeKey: ctx.dedupeKey });
      if (earlier) {
        results.push({ deliveryId: earlier.id, destinationId: t.destinationId, channel: t.channel, target: t.target, status: "sent", error: null, duplicate: true });
        continue;
      }
    }
    let error: string | null = t.refused;
    let externalId: string | null = null;
    if (!error) {
      try {
        if (t.channel === "email") {
          mailer ??= mailerFromEnv();
          externalId = (await mailer.send({ from, to: t.emails, cc: [], subject: rendering.email.subject, text: rendering.email.text, html: rendering.email.html })).messageId;
        } else {
          box ??= secretBoxFromEnv();
          const secret = box.open(t.destination!.secretSealed!);
          if (t.channel === "slack-webhook") await postSlackWebhook(secret, rendering.slack, { timeoutMs: opts.slackTimeoutMs });
          else {
            const api = createSlackApi({ token: secret, slackApiUrl: opts.slackApiUrl, retries: opts.slackRetries, minRetryMs: opts.slackMinRetryMs, timeoutMs: opts.slackTimeoutMs });
            externalId = (await api.postMessage(t.target, rendering.slack)).ts;
          }
        }
      } catch (e) {
        error = (e as Error).message || String(e);
      }
    }
    const row = {
      id: deps.ids.make("dlv"), workspaceId: ctx.ws.id, dealId: ctx.dealId, partnerOrgId: ctx.partnerOrgId, artefact: ctx.artefact, artefactId: ctx.artefactId,
      audience: ctx.audience, channel: t.channel, destinationId: t.destinationId, target: t.target, status: error ? "failed" as const : "sent" as const,
      error, externalId, payloadDigest, dedupeKey: ctx.dedupeKey ?? null, actor: ctx.actor.id, sentAt: deps.clock.now().toISOString(),
    };
    await deps.db.transaction().execute(async (trx) => {
      const tx = { ...deps, db: trx };
      await insertDelivery(tx, row);
      await logActivity(tx, {
        workspaceId: ctx.ws.id, dealId: ctx.dealId, actor: ctx.actor, action: `delivery.${row.status}`, entity: "delivery", entityId: row.id,
        data: { artefact: ctx.artefact, audience: ctx.audience, channel: t.channel, target: t.target, ...(error ? { error } : {}) },
      });
    });
    results.push({ deliveryId: row.id, destinationId: t.destinationId, channel: t.channel, target: t.target, status: row.status, error, duplicate: false });
  }
  return results;
}
