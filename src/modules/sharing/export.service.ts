// Exports of a deal's shared record: Markdown, HTML or JSON for one audience. Partner users always get the
// partner audience, whatever they ask for. Every export is audited.
import { recordAudit } from "../audit/index.ts";
import { getDeal } from "../deals/index.ts";
import { getWorkspace } from "../directory/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { RequestContext } from "./buyer-links.service.ts";
import { renderHtml, renderJson, renderMarkdown } from "./render.ts";
import { buildSharedRecord } from "./shared-record.service.ts";
import type { ExportFormat, ShareAudience } from "./sharing.schemas.ts";

export interface DealExport { audience: ShareAudience; format: ExportFormat; contentType: string; filename: string; body: string }

const CONTENT_TYPE: Record<ExportFormat, string> = { md: "text/markdown; charset=utf-8", html: "text/html; charset=utf-8", json: "application/json; charset=utf-8" };

/** Partner users are held to the partner audience; our side chooses (default ours). */
export function exportAudienceFor(actor: Actor, wanted?: ShareAudience): ShareAudience {
  return actor.role === "partner" ? "partner" : wanted ?? "ours";
}

export async function exportDeal(deps: Deps, actor: Actor, dealIdOrSlug: string, input: { format: ExportFormat; audience?: ShareAudience } & RequestContext): Promise<DealExport> {
  const deal = await getDeal(deps, dealIdOrSlug);
  if (actor.role === "partner" && !deal.partners.some((p) => p.id === actor.partnerOrgId)) throw notFound(`Deal ${dealIdOrSlug}`);
  const audience = exportAudienceFor(actor, input.audience);
  const record = await buildSharedRecord(deps, deal.id, audience);
  const body = input.format === "md" ? renderMarkdown(record) : input.format === "html" ? renderHtml(record) : renderJson(record);
  await recordAudit(deps, {
    workspaceId: (await getWorkspace(deps)).id, actor: { id: actor.id, kind: actor.kind === "cli" ? "cli" : actor.kind === "system" ? "system" : "user" },
    action: "export", entity: "deal", entityId: deal.id, dealId: deal.id, ip: input.ip, userAgent: input.userAgent,
    data: { format: input.format, audience, asked: input.audience ?? null, bytes: Buffer.byteLength(body) },
  });
  return { audience, format: input.format, contentType: CONTENT_TYPE[input.format], filename: `${deal.slug}-${audience}.${input.format}`, body };
}
