// CRM use cases: enqueue a deal's changes into the outbox (inside the caller's transaction), connections
// (secrets sealed, never returned), the dead-letter list and retry, a deal's sync state, dry-run plans.
import { getDealLedger } from "../ledger/index.ts";
import { listItems } from "../extraction/index.ts";
import { listDealRecaps } from "../recap/index.ts";
import { getWorkspace } from "../directory/index.ts";
import { systemClock, type Clock } from "../../shared/clock.ts";
import type { Deps } from "../../shared/deps.ts";
import { AppError, invalidInput, notFound } from "../../shared/errors.ts";
import { randomIds } from "../../shared/ids.ts";
import { secretBoxFromEnv } from "../../shared/secret-box.ts";
import type { CrmConnectionConfig, CrmIds, CrmKind, CrmOperation } from "./crm.types.ts";
import * as repo from "./crm.repo.ts";
import { defaultFieldMapping } from "./meddicc.ts";
import { idempotencyKey, planDealSync, type DealSnapshot, type SyncCommitment } from "./sync-plan.ts";

type Tx = Pick<Deps, "db"> & { clock?: Clock };

export interface EnqueueResult { targets: number; planned: number; inserted: number }

function publicUrl(): string {
  return (process.env.BATON_PUBLIC_URL ?? "http://localhost:3000").replace(/\/$/, "");
}

/** Everything a sync plan reads about a deal, from the modules that own it (call inside the transaction). */
export async function loadDealSnapshot(tx: Tx, dealId: string): Promise<DealSnapshot | null> {
  const p = await repo.loadDealProjection(tx, dealId);
  if (!p) return null;
  const deps: Deps = { db: tx.db, clock: tx.clock ?? systemClock, ids: randomIds };
  const [items, ledger, recaps] = [await listItems(deps, { dealId }), await getDealLedger(deps, dealId), await listDealRecaps(deps, dealId)];
  const convs = new Map(p.conversations.map((c) => [c.id, c]));
  const partnerName = p.partners.find((x) => x.id === p.attribution?.introduced_by)?.name ?? p.partners[0]?.name ?? null;
  return {
    deal: { id: p.deal.id, slug: p.deal.slug, name: p.deal.name, stage: p.deal.stage, amount: p.deal.amount == null ? null : Number(p.deal.amount), currency: p.deal.currency, url: `${publicUrl()}/deals/${p.deal.slug}` },
    buyer: p.buyer ? { id: p.buyer.id, name: p.buyer.name, domain: p.buyer.domains[0] ?? null } : null,
    contacts: p.contacts.map((c) => ({ batonId: c.id, name: c.name, email: c.email, title: c.title, side: c.side })),
    items: items.map((i) => ({ id: i.id, kind: i.kind, data: i.humanData ? { ...i.data, ...i.humanData } : i.data, quote: i.quote, speaker: i.speaker, conversationId: i.conversationId, seq: i.seq, isInternal: i.isInternal })),
    internalUtterances: new Set(p.internal.map((u) => `${u.c}#${u.s}`)),
    internalConversations: new Set(p.conversations.filter((c) => c.is_internal).map((c) => c.id)),
    commitments: ledger.commitments.map((c): SyncCommitment => ({ itemId: c.itemId, text: c.text, owner: c.owner, side: c.side, due: c.due, status: c.status })),
    recaps: recaps.map((r) => ({
      id: r.id, conversationId: r.conversationId, title: convs.get(r.conversationId)?.title ?? r.conversationId,
      at: new Date(convs.get(r.conversationId)?.started_at ?? r.createdAt).toISOString(), status: r.status, version: r.version,
      lines: r.lines.map((l) => ({ section: l.section, text: l.text, internal: l.internal })),
    })),
    attribution: p.attribution ? { classification: p.attribution.classification, partnerName: p.attribution.classification === "none" ? null : partnerName } : null,
  };
}

const mappingFor = (c: repo.ConnectionRow) => ({ ...defaultFieldMapping(c.kind), ...c.fieldMapping });

/**
 * Call inside the transaction that changed a deal's record. One statement: a sync marker per enabled connection
 * receiving the deal (ours always; a partner's when the deal is shared with it), committed or rolled back with
 * the change. While a marker waits, further changes coalesce into it. A worker expands it (expandCrmSync) into
 * the upserts that differ from what that CRM last got, from the record as it then stands, in the deal's order.
 */
export async function enqueueCrmSync(tx: Tx, input: { dealId: string; reason: string }): Promise<{ queued: number }> {
  return { queued: await repo.insertSyncMarkers(tx, input.dealId, input.reason, (tx.clock ?? systemClock).now()) };
}

/**
 * Builds the operations each connection may receive from the current record and inserts the ones that changed
 * since that connection's last row for the same object. Keys are stable (same content after the same
 * predecessor → same key), so the same change expanded twice is one row.
 */
export async function expandCrmSync(tx: Tx, input: { dealId: string; reason: string; connectionIds?: string[] }): Promise<EnqueueResult> {
  let targets = await repo.listSyncTargets(tx, input.dealId);
  if (input.connectionIds) targets = targets.filter((t) => input.connectionIds!.includes(t.id));
  if (!targets.length) return { targets: 0, planned: 0, inserted: 0 };
  const snapshot = await loadDealSnapshot(tx, input.dealId);
  if (!snapshot) return { targets: targets.length, planned: 0, inserted: 0 };
  const latest = new Map((await repo.listLatestOutbox(tx, input.dealId, targets.map((t) => t.id))).map((l) => [`${l.connectionId}|${l.op}|${l.batonId}`, l]));
  const at = (tx.clock ?? systemClock).now();
  const rows: repo.NewOutboxRow[] = [];
  let planned = 0;
  for (const t of targets) {
    for (const p of planDealSync(snapshot, { id: t.id, side: t.side, fieldMapping: mappingFor(t) })) {
      planned++;
      const prev = latest.get(`${t.id}|${p.op}|${p.batonId}`);
      if (prev?.contentHash === p.contentHash) continue;
      const key = idempotencyKey(t.id, p, prev?.idempotencyKey ?? null);
      rows.push({ connectionId: t.id, dealId: input.dealId, op: p.op, batonId: p.batonId, contentHash: p.contentHash, payload: { ...p.operation, idempotencyKey: key }, idempotencyKey: key, reason: input.reason, at });
    }
  }
  return { targets: targets.length, planned, inserted: await repo.insertOutboxRows(tx, rows) };
}

/** Enqueue now (POST /deals/:id/crm-sync, the CLI): the current record's changes, expanded in one transaction. */
export async function syncDealNow(deps: Deps, dealId: string, reason = "manual"): Promise<EnqueueResult> {
  return deps.db.transaction().execute((trx) => expandCrmSync({ db: trx, clock: deps.clock }, { dealId, reason }));
}

/** Expands a claimed marker (the worker) or, with lockedBy null, a pending one: rows and mark in one transaction. */
export async function expandMarker(deps: Pick<Deps, "db" | "clock">, marker: { id: string; connectionId: string; dealId: string; reason: string | null }, lockedBy: string | null): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const t = { db: trx, clock: deps.clock };
    if (!(await repo.completeMarker(t, marker.id, deps.clock.now(), lockedBy))) return false;
    await expandCrmSync(t, { dealId: marker.dealId, reason: marker.reason ?? "change", connectionIds: [marker.connectionId] });
    return true;
  });
}

/** Expands every pending marker now (of one deal, or all): what the worker does first, without sending anything. */
export async function expandPendingSyncs(deps: Deps, dealId?: string): Promise<number> {
  let n = 0;
  for (const m of await repo.listPendingMarkers(deps, dealId)) if (await expandMarker(deps, m, null)) n++;
  return n;
}

// ---- connections -------------------------------------------------------------------------------------

export interface CrmSecrets { accessToken?: string | null; refreshToken?: string | null; signingSecret?: string | null }
export interface ConnectionView {
  id: string; kind: CrmKind; name: string; side: "ours" | "partner"; partnerOrgId: string | null; baseUrl: string | null; instanceUrl: string | null;
  hasCredentials: boolean; tokenExpiresAt: string | null; fieldMapping: Record<string, string>; enabled: boolean; dryRun: boolean;
  lastOkAt: string | null; lastError: string | null; health: "ok" | "failing" | "unknown"; createdAt: string;
}

export function presentConnection(c: repo.ConnectionRow): ConnectionView {
  return {
    id: c.id, kind: c.kind, name: c.name, side: c.side, partnerOrgId: c.partnerOrgId, baseUrl: c.baseUrl, instanceUrl: c.instanceUrl,
    hasCredentials: !!c.credentialsSealed, tokenExpiresAt: c.tokenExpiresAt, fieldMapping: mappingFor(c), enabled: c.enabled, dryRun: c.dryRun,
    lastOkAt: c.lastOkAt, lastError: c.lastError,
    health: c.lastError ? "failing" : c.lastOkAt ? "ok" : "unknown", createdAt: c.createdAt,
  };
}

export function sealSecrets(s: CrmSecrets): string {
  return secretBoxFromEnv().seal(JSON.stringify({ accessToken: s.accessToken ?? null, refreshToken: s.refreshToken ?? null, signingSecret: s.signingSecret ?? null }));
}
export function openSecrets(sealed: string | null): CrmSecrets {
  return sealed ? (JSON.parse(secretBoxFromEnv().open(sealed)) as CrmSecrets) : {};
}

/** The decrypted config an adapter gets. */
export function connectionConfig(c: repo.ConnectionRow): CrmConnectionConfig {
  const s = openSecrets(c.credentialsSealed);
  return { kind: c.kind, baseUrl: c.baseUrl, accessToken: s.accessToken ?? null, signingSecret: s.signingSecret ?? null, instanceUrl: c.instanceUrl };
}

export interface CreateConnectionInput {
  kind: CrmKind; name: string; side: "ours" | "partner"; partnerOrgId?: string | null; baseUrl?: string | null; instanceUrl?: string | null;
  accessToken?: string | null; refreshToken?: string | null; signingSecret?: string | null; tokenExpiresAt?: string | null;
  fieldMapping?: Record<string, string>; enabled?: boolean; dryRun?: boolean;
}

async function checkPartner(deps: Deps, side: "ours" | "partner", partnerOrgId: string | null | undefined) {
  if (side === "ours" && partnerOrgId) throw invalidInput("Our CRM has no partner organisation", [{ field: "partnerOrgId", message: "must be empty when side is ours" }]);
  if (side === "partner") {
    if (!partnerOrgId) throw invalidInput("A partner's CRM needs the partner organisation", [{ field: "partnerOrgId", message: "required when side is partner" }]);
    const o = await deps.db.selectFrom("organisations").select(["side"]).where("id", "=", partnerOrgId).executeTakeFirst();
    if (!o || o.side !== "partner") throw invalidInput(`${partnerOrgId} is not a partner organisation`, [{ field: "partnerOrgId", message: "not a partner organisation" }]);
  }
}

export async function createConnection(deps: Deps, input: CreateConnectionInput): Promise<ConnectionView> {
  await checkPartner(deps, input.side, input.partnerOrgId);
  if (input.kind === "webhook" && !input.baseUrl) throw invalidInput("A webhook connection needs the target URL", [{ field: "baseUrl", message: "required for webhook" }]);
  if (input.kind === "webhook" && !input.signingSecret) throw invalidInput("A webhook connection needs a signing secret", [{ field: "signingSecret", message: "required for webhook" }]);
  const ws = await getWorkspace(deps);
  const id = deps.ids.make("crm");
  const hasSecret = input.accessToken || input.refreshToken || input.signingSecret;
  await repo.insertConnection(deps, {
    id, workspaceId: ws.id, kind: input.kind, name: input.name, side: input.side, partnerOrgId: input.side === "partner" ? input.partnerOrgId! : null,
    baseUrl: input.baseUrl ?? null, instanceUrl: input.instanceUrl ?? null, credentialsSealed: hasSecret ? sealSecrets(input) : null,
    tokenExpiresAt: input.tokenExpiresAt ?? null, fieldMapping: input.fieldMapping ?? {}, enabled: input.enabled ?? true, dryRun: input.dryRun ?? false,
    createdAt: deps.clock.now(),
  });
  return presentConnection((await repo.findConnection(deps, id))!);
}

export async function getConnection(deps: Deps, id: string): Promise<repo.ConnectionRow> {
  const c = await repo.findConnection(deps, id);
  if (!c) throw notFound(`CRM connection ${id}`);
  return c;
}

export async function listConnectionViews(deps: Deps): Promise<ConnectionView[]> {
  const ws = await getWorkspace(deps);
  return (await repo.listConnections(deps, ws.id)).map(presentConnection);
}

export type UpdateConnectionInput = Partial<Omit<CreateConnectionInput, "kind" | "side" | "partnerOrgId">>;
export async function updateConnectionSettings(deps: Deps, id: string, p: UpdateConnectionInput): Promise<ConnectionView> {
  const c = await getConnection(deps, id);
  const secretsChanged = p.accessToken !== undefined || p.refreshToken !== undefined || p.signingSecret !== undefined;
  const secrets = secretsChanged ? { ...openSecrets(c.credentialsSealed), ...Object.fromEntries(Object.entries({ accessToken: p.accessToken, refreshToken: p.refreshToken, signingSecret: p.signingSecret }).filter(([, v]) => v !== undefined)) } : null;
  await repo.updateConnection(deps, id, {
    name: p.name, baseUrl: p.baseUrl, instanceUrl: p.instanceUrl, tokenExpiresAt: p.tokenExpiresAt, fieldMapping: p.fieldMapping, enabled: p.enabled, dryRun: p.dryRun,
    ...(secrets ? { credentialsSealed: sealSecrets(secrets) } : {}),
  });
  return presentConnection(await getConnection(deps, id));
}

export async function removeConnection(deps: Deps, id: string): Promise<void> {
  await getConnection(deps, id);
  await repo.deleteConnection(deps, id);
}

// ---- outbox views ----------------------------------------------------------------------------------------

export async function listOutboxRows(deps: Deps, filter: { status?: repo.OutboxRow["status"]; dealId?: string; limit?: number }) {
  const ws = await getWorkspace(deps);
  return repo.listOutbox(deps, { workspaceId: ws.id, ...filter });
}

export async function retryOutboxRow(deps: Deps, id: string): Promise<repo.OutboxRow> {
  const row = await repo.findOutboxRow(deps, id);
  if (!row) throw notFound(`Outbox row ${id}`);
  if (row.status !== "dead") throw new AppError("CONFLICT", `Outbox row ${id} is ${row.status}; only dead rows are retried by hand`);
  await repo.requeueOutboxRow(deps, row, deps.clock.now());
  return (await repo.findOutboxRow(deps, id))!;
}

/** Per connection receiving the deal: the external ids and the latest delivery. */
export async function getDealCrmState(deps: Deps, dealId: string) {
  const targets = await repo.listSyncTargets(deps, dealId);
  const rows = await repo.listOutbox(deps, { workspaceId: (await getWorkspace(deps)).id, dealId, limit: 500 });
  const out = [];
  for (const t of targets) {
    const mine = rows.filter((r) => r.connectionId === t.id);
    const batonIds = [...new Set([dealId, ...mine.map((r) => r.batonId)])];
    out.push({
      connection: presentConnection(t),
      externalIds: await repo.listExternalIds(deps, t.id, batonIds),
      counts: { pending: mine.filter((r) => r.status === "pending" || r.status === "in_flight").length, done: mine.filter((r) => r.status === "done").length, dead: mine.filter((r) => r.status === "dead").length },
      lastDelivery: mine.find((r) => r.status === "done" || r.status === "dead") ?? null,
    });
  }
  return out;
}

/** The ids the CRM already has for an operation (the external-id map), in the adapter contract's shape. */
export async function knownIdsFor(deps: Pick<Deps, "db">, connectionId: string, operation: CrmOperation): Promise<CrmIds> {
  const dealId = operation.op === "upsert-deal" ? operation.deal.batonId : operation.dealBatonId;
  const ids = [dealId];
  if (operation.op === "upsert-deal") { ids.push(operation.account.batonId, ...operation.contacts.map((c) => c.batonId)); }
  if (operation.op === "upsert-note") ids.push(operation.note.batonId);
  if (operation.op === "upsert-task") ids.push(operation.task.batonId);
  const known: CrmIds = {};
  for (const r of await repo.listExternalIds(deps, connectionId, ids)) {
    if (r.batonType === "deal") known.deal = r.externalId;
    else if (r.batonType === "account") known.account = r.externalId;
    else if (r.batonType === "contact" || r.batonType === "task" || r.batonType === "note") {
      const k = `${r.batonType}s` as "contacts" | "tasks" | "notes";
      known[k] = { ...(known[k] ?? {}), [r.batonId]: r.externalId };
    }
  }
  return known;
}

/** The adapter's answer (CrmIds) as external-id rows. */
export function externalIdRows(operation: CrmOperation, ids: CrmIds): repo.ExternalIdRow[] {
  const out: repo.ExternalIdRow[] = [];
  const dealId = operation.op === "upsert-deal" ? operation.deal.batonId : operation.dealBatonId;
  if (ids.deal) out.push({ batonType: "deal", batonId: dealId, externalId: ids.deal });
  if (ids.account && operation.op === "upsert-deal") out.push({ batonType: "account", batonId: operation.account.batonId, externalId: ids.account });
  for (const [k, type] of [["contacts", "contact"], ["tasks", "task"], ["notes", "note"]] as const) {
    for (const [batonId, ext] of Object.entries(ids[k] ?? {})) out.push({ batonType: type, batonId, externalId: ext });
  }
  return out;
}
