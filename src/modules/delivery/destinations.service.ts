// Destinations: where artefacts go, each for one audience. Webhook URLs and bot tokens are sealed with the
// secret box before they are stored and are never returned; the API shows where they point (a host) only.
import { findOrg, getWorkspace, listOrgs } from "../directory/index.ts";
import { hostOf } from "../../adapters/slack/slack.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, invalidInput, notFound } from "../../shared/errors.ts";
import { secretBoxFromEnv, type SecretBox } from "../../shared/secret-box.ts";
import type { CreateDestination, Destination } from "./delivery.schemas.ts";
import { deleteDestination, findDestinationByName, insertDestination, listDestinations, type DestinationRow } from "./delivery.repo.ts";

const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;
export const splitEmails = (t: string | string[] | undefined) =>
  (Array.isArray(t) ? t : (t ?? "").split(/[,;\s]+/)).map((e) => e.trim().toLowerCase()).filter(Boolean);

export function presentDestination(d: DestinationRow, partnerName: string | null): Destination {
  return {
    id: d.id, name: d.name, channel: d.channel, audience: d.audience, partnerOrgId: d.partnerOrgId, partnerName, target: d.target,
    secretHint: d.channel === "email" ? null : d.channel === "slack-api" ? "token sealed" : "URL sealed",
    auto: d.auto, createdAt: d.createdAt,
  };
}

export async function listDeliveryDestinations(deps: Deps): Promise<Destination[]> {
  const ws = await getWorkspace(deps);
  const [rows, orgs] = await Promise.all([listDestinations(deps, ws.id), listOrgs(deps, ws.id)]);
  const name = new Map(orgs.map((o) => [o.id, o.name]));
  return rows.map((r) => presentDestination(r, r.partnerOrgId ? name.get(r.partnerOrgId) ?? null : null));
}

export async function createDeliveryDestination(deps: Deps, actor: Actor, input: CreateDestination, opts: { secretBox?: SecretBox } = {}): Promise<Destination> {
  const ws = await getWorkspace(deps);
  if (await findDestinationByName(deps, ws.id, input.name)) throw new AppError("CONFLICT", `A destination named "${input.name}" exists already`, { details: [{ field: "name", message: "taken" }] });
  let partnerName: string | null = null;
  if (input.partnerOrgId) {
    const org = await findOrg(deps, input.partnerOrgId);
    if (!org || org.side !== "partner") throw invalidInput(`Organisation ${input.partnerOrgId} is not a partner`, [{ field: "partnerOrgId", message: "not a partner organisation" }]);
    partnerName = org.name;
  }
  if (input.audience !== "partner" && input.partnerOrgId) throw invalidInput("partnerOrgId is only for partner destinations", [{ field: "partnerOrgId", message: `not for audience ${input.audience}` }]);
  let target: string;
  let secret: string | null = null;
  if (input.channel === "email") {
    const emails = splitEmails(input.target);
    const bad = emails.find((e) => !EMAIL.test(e));
    if (!emails.length || bad) throw invalidInput(bad ? `Not an email address: ${bad}` : "An email destination needs target: one or more addresses", [{ field: "target", message: bad ? "invalid address" : "required" }]);
    if (input.webhookUrl || input.token) throw invalidInput("An email destination takes no webhookUrl or token", [{ field: input.webhookUrl ? "webhookUrl" : "token", message: "not for email" }]);
    target = [...new Set(emails)].join(", ");
  } else if (input.channel === "slack-webhook") {
    if (!input.webhookUrl) throw invalidInput("A Slack webhook destination needs webhookUrl", [{ field: "webhookUrl", message: "required" }]);
    secret = input.webhookUrl;
    const label = Array.isArray(input.target) ? input.target.join(" ") : input.target;
    target = label?.trim() || `webhook on ${hostOf(input.webhookUrl)}`;
  } else {
    if (!input.token) throw invalidInput("A Slack API destination needs token (xoxb-…)", [{ field: "token", message: "required" }]);
    const channel = (Array.isArray(input.target) ? input.target[0] : input.target)?.trim();
    if (!channel || !/^[CGD][A-Z0-9]{2,}$/.test(channel)) throw invalidInput("A Slack API destination needs target: the channel id (C0123ABCD)", [{ field: "target", message: "a channel id" }]);
    secret = input.token;
    target = channel;
  }
  const box = opts.secretBox ?? secretBoxFromEnv();
  const row: DestinationRow = {
    id: deps.ids.make("dst"), workspaceId: ws.id, name: input.name, channel: input.channel, audience: input.audience,
    partnerOrgId: input.partnerOrgId ?? null, target, secretSealed: secret ? box.seal(secret) : null, auto: [...new Set(input.auto)],
    createdBy: actor.id, createdAt: deps.clock.now().toISOString(),
  };
  await insertDestination(deps, row);
  return presentDestination(row, partnerName);
}

export async function removeDeliveryDestination(deps: Deps, id: string): Promise<void> {
  const ws = await getWorkspace(deps);
  if (!(await deleteDestination(deps, ws.id, id))) throw notFound(`Destination ${id}`);
}
