// Buyer links: a signed, expiring link to one AGREED recap for the buyer, listed and revoked by our side; each
// view shows the agreed recap (buyer rendering) and the buyer side's own open commitments, and is audited.
import { recordAudit } from "../audit/index.ts";
import { getDeal } from "../deals/index.ts";
import { findPerson, getWorkspace } from "../directory/index.ts";
import { getRecap } from "../recap/index.ts";
import { getOrCreateInternalKey, type SecretOptions } from "../settings/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, invalidInput, notFound } from "../../shared/errors.ts";
import { isBuyerLinkSignatureValid, readBuyerLinkToken, signBuyerLinkToken } from "./buyer-link-token.ts";
import { buildSharedRecord } from "./shared-record.service.ts";
import { isBuyerVisibleLine } from "./shared-record.ts";
import { findBuyerLink, insertBuyerLink, listBuyerLinkRows, setBuyerLinkRevoked, touchBuyerLink, type BuyerLinkRow } from "./sharing.repo.ts";
import type { BuyerLink, CreateBuyerLink, ShareView } from "./sharing.schemas.ts";

const KEY_PURPOSE = "buyer-link-key";
const DAY_MS = 86_400_000;
/** One answer for expired, revoked and forged links, so a link's fate can't be probed. */
const LINK_GONE = "This link is invalid or has expired. Ask your contact for a new one.";

/** Who made the request (for the audit log). */
export interface RequestContext { ip?: string | null; userAgent?: string | null }
export interface LinkOptions extends SecretOptions { baseUrl: string }

const shareUrl = (baseUrl: string, token: string) => `${baseUrl.replace(/\/+$/, "")}/share/${token}`;
const auditActor = (a: Actor) => ({ id: a.id, kind: a.kind === "cli" ? "cli" as const : a.kind === "system" ? "system" as const : "user" as const });

export async function createBuyerLink(deps: Deps, actor: Actor, recapId: string, input: Partial<CreateBuyerLink> & RequestContext, opts: LinkOptions): Promise<{ id: string; url: string; expiresAt: string }> {
  const recap = await getRecap(deps, recapId, { actor });
  if (!recap.isAgreed) {
    const missing = [!recap.approvals.ours && "our side", !recap.approvals.partner && "the partner"].filter(Boolean).join(" and ");
    throw new AppError("CONFLICT", `Recap ${recapId} is not agreed yet (version ${recap.version} still needs approval from ${missing}): only an agreed recap can be shared with the buyer`);
  }
  const days = input.expiresInDays ?? 14;
  if (!Number.isInteger(days) || days < 1 || days > 90) throw invalidInput("expiresInDays must be a whole number from 1 to 90", [{ field: "expiresInDays", message: "1–90" }]);
  if (input.personId) {
    const p = await findPerson(deps, input.personId);
    if (!p) throw invalidInput(`Person ${input.personId} not found`, [{ field: "personId", message: "unknown person" }]);
    if (p.side !== "buyer") throw invalidInput(`${p.name} is not on the buyer side: buyer links are for the buyer`, [{ field: "personId", message: "not a buyer" }]);
  }
  const ws = await getWorkspace(deps);
  const key = await getOrCreateInternalKey(deps, ws.id, KEY_PURPOSE, opts);
  const now = deps.clock.now();
  const row = {
    id: deps.ids.make("bl"), workspaceId: ws.id, recapId, dealId: recap.dealId, personId: input.personId ?? null,
    expiresAt: new Date(now.getTime() + days * DAY_MS), createdBy: actor.id, createdAt: now,
  };
  await deps.db.transaction().execute(async (trx) => {
    const tx = { ...deps, db: trx };
    await insertBuyerLink(tx, row);
    await recordAudit(tx, {
      workspaceId: ws.id, actor: auditActor(actor), action: "share", entity: "buyer-link", entityId: row.id, dealId: row.dealId,
      ip: input.ip, userAgent: input.userAgent, data: { event: "create", recapId, personId: row.personId, expiresAt: row.expiresAt.toISOString(), version: recap.version },
    });
  });
  return { id: row.id, url: shareUrl(opts.baseUrl, signBuyerLinkToken(key, { linkId: row.id, recapId, expiresAt: row.expiresAt })), expiresAt: row.expiresAt.toISOString() };
}

const statusOf = (l: BuyerLinkRow, now: Date): BuyerLink["status"] => (l.revokedAt ? "revoked" : l.expiresAt <= now ? "expired" : "active");

export async function listBuyerLinks(deps: Deps, dealIdOrSlug: string, opts: LinkOptions): Promise<BuyerLink[]> {
  const deal = await getDeal(deps, dealIdOrSlug);
  const rows = await listBuyerLinkRows(deps, deal.id);
  if (!rows.length) return [];
  const key = await getOrCreateInternalKey(deps, rows[0].workspaceId, KEY_PURPOSE, opts);
  const now = deps.clock.now();
  const titles = new Map<string, string | null>();
  const names = new Map<string, string | null>();
  for (const r of rows) {
    if (!titles.has(r.recapId)) titles.set(r.recapId, await getRecap(deps, r.recapId).then((x) => x.conversation.title, () => null));
    if (r.personId && !names.has(r.personId)) names.set(r.personId, (await findPerson(deps, r.personId))?.name ?? null);
  }
  return rows.map((r) => {
    const status = statusOf(r, now);
    return {
      id: r.id, recapId: r.recapId, recapTitle: titles.get(r.recapId) ?? null, personId: r.personId, personName: r.personId ? names.get(r.personId) ?? null : null,
      status, url: status === "active" ? shareUrl(opts.baseUrl, signBuyerLinkToken(key, { linkId: r.id, recapId: r.recapId, expiresAt: r.expiresAt })) : null,
      expiresAt: r.expiresAt.toISOString(), revokedAt: r.revokedAt?.toISOString() ?? null, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(),
      lastViewedAt: r.lastViewedAt?.toISOString() ?? null,
    };
  });
}

export async function revokeBuyerLink(deps: Deps, actor: Actor, id: string, ctx: RequestContext = {}): Promise<void> {
  const link = await findBuyerLink(deps, id);
  if (!link) throw notFound(`Buyer link ${id}`);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const tx = { ...deps, db: trx };
    await setBuyerLinkRevoked(tx, id, now);
    await recordAudit(tx, {
      workspaceId: link.workspaceId, actor: auditActor(actor), action: "share", entity: "buyer-link", entityId: id, dealId: link.dealId,
      ip: ctx.ip, userAgent: ctx.userAgent, data: { event: "revoke", recapId: link.recapId, wasRevoked: link.revokedAt != null },
    });
  });
}

/** The buyer's page for a token; 404 (one message) unless the signature is good and the link is live. */
export async function viewSharedRecap(deps: Deps, token: string, ctx: RequestContext = {}, opts: SecretOptions = {}): Promise<ShareView> {
  const gone = () => new AppError("NOT_FOUND", LINK_GONE);
  const claims = readBuyerLinkToken(token);
  if (!claims) throw gone();
  const link = await findBuyerLink(deps, claims.linkId);
  if (!link) throw gone();
  const key = await getOrCreateInternalKey(deps, link.workspaceId, KEY_PURPOSE, opts);
  const now = deps.clock.now();
  if (!isBuyerLinkSignatureValid(key, claims) || claims.recapId !== link.recapId || link.revokedAt
    || claims.expiresAt.getTime() !== Math.floor(link.expiresAt.getTime() / 1000) * 1000 || link.expiresAt <= now) throw gone();

  const recap = await getRecap(deps, link.recapId, { audience: "buyer" }).catch(() => null);
  if (!recap) throw gone();
  if (!recap.isAgreed) {
    throw new AppError("NOT_FOUND", "This recap is being revised and is not agreed yet. Ask your contact for a new link once it is.");
  }
  const [deal, record, person] = await Promise.all([
    getDeal(deps, link.dealId), buildSharedRecord(deps, link.dealId, "buyer", { includeUtterances: false }),
    link.personId ? findPerson(deps, link.personId) : Promise.resolve(null),
  ]);
  await deps.db.transaction().execute(async (trx) => {
    const tx = { ...deps, db: trx };
    await touchBuyerLink(tx, link.id, now);
    await recordAudit(tx, {
      workspaceId: link.workspaceId, actor: { id: link.id, kind: "buyer-link" }, action: "view", entity: "recap", entityId: link.recapId, dealId: link.dealId,
      ip: ctx.ip, userAgent: ctx.userAgent, data: { linkId: link.id, version: recap.version },
    });
  });
  return {
    deal: { name: deal.name, buyer: deal.buyer?.name ?? null },
    recipient: person ? { name: person.name } : null,
    recap: {
      title: recap.conversation.title, date: recap.conversation.startedAt, language: recap.language, version: recap.version,
      lines: recap.lines.filter((l) => isBuyerVisibleLine(l as { internal: boolean })).map((l) => ({
        section: l.section, text: l.text, side: l.side ?? null, owner: l.owner ?? null, due: l.due ?? null,
      })),
    },
    commitments: record.commitments.map((c) => ({
      text: c.text ?? "", owner: c.owner, due: c.due, status: c.status as "open" | "overdue", quote: c.evidence.quote, said: c.occurredAt ?? "",
    })),
    expiresAt: link.expiresAt.toISOString(),
  };
}
