// Generated activation workspaces for tests and the speed check: partners, their deals, intros (handoffs),
// calls with or without a partner-side speaker, and huddles. Rows go straight into the tables so every date is controlled.
import type { Kysely } from "kysely";
import type { DB } from "../../db/schema.ts";
import "../../db/schema-handoff.ts";
import "../../db/schema-activation.ts";

const DAY = 86_400_000;
export interface SeedDeal { id: string; stage?: string; amount?: number | null; createdAt: string }
export interface SeedCall { id: string; dealId: string; at: string; partnerPresent: boolean; huddle?: boolean }
export interface SeedHandoff { id: string; dealId: string; receivedAt: string; firstActionAt: string | null; dueAt: string }
export interface SeedPartner {
  id: string; name: string; onboardedOn: string | null; deals?: SeedDeal[]; handoffs?: SeedHandoff[]; calls?: SeedCall[];
  firstWin?: { sentence: string; rule: { kind: "joint_discovery_calls" | "deals_with_partner_present"; count: number } | null; createdAt: string };
}

export async function ensureWorkspace(db: Kysely<DB>): Promise<string> {
  const ws = await db.selectFrom("workspaces").select("id").orderBy("created_at").limit(1).executeTakeFirst();
  if (ws) return ws.id;
  await db.insertInto("workspaces").values({ id: "ws_act", name: "Activation", timezone: "UTC", holidays: [], settings: "{}" }).execute();
  return "ws_act";
}

/** Inserts partners with everything they carry, in batches. */
export async function seedPartners(db: Kysely<DB>, partners: SeedPartner[]): Promise<string> {
  const ws = await ensureWorkspace(db);
  const batch = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => { for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500)); };
  await batch(partners, (c) => db.insertInto("organisations").values(c.map((p) => ({ id: p.id, workspace_id: ws, name: p.name, side: "partner" as const }))).execute());
  await batch(partners.filter((p) => p.onboardedOn), (c) => db.insertInto("partners").values(c.map((p) => ({ org_id: p.id, onboarded_on: p.onboardedOn }))).execute());
  const deals = partners.flatMap((p) => (p.deals ?? []).map((d) => ({ ...d, org: p.id })));
  await batch(deals, (c) => db.insertInto("deals").values(c.map((d) => ({
    id: d.id, workspace_id: ws, slug: d.id, name: `Deal ${d.id}`, stage: d.stage ?? "discovery", amount: d.amount ?? null, currency: "EUR", created_at: d.createdAt, updated_at: d.createdAt,
  }))).execute());
  await batch(deals, (c) => db.insertInto("deal_partners").values(c.map((d) => ({ deal_id: d.id, org_id: d.org }))).execute());
  const handoffs = partners.flatMap((p) => (p.handoffs ?? []).map((h) => ({ ...h, org: p.id })));
  await batch(handoffs, (c) => db.insertInto("handoffs").values(c.map((h) => ({
    id: h.id, workspace_id: ws, deal_id: h.dealId, partner_org_id: h.org, content_hash: `hash-${h.id}`, brief: "{}", received_at: h.receivedAt,
    owner_rule: "none" as const, status: h.firstActionAt ? "actioned" as const : "awaiting_action" as const, first_action_at: h.firstActionAt,
    first_action_kind: h.firstActionAt ? "reply_sent" as const : null, target_business_ms: 4 * 3_600_000, due_at: h.dueAt,
  }))).execute());
  const calls = partners.flatMap((p) => p.calls ?? []);
  await batch(calls, (c) => db.insertInto("conversations").values(c.map((x) => ({
    id: x.id, deal_id: x.dealId, kind: x.huddle ? "notes" as const : "call" as const, title: x.huddle ? `Weekly huddle ${x.at.slice(0, 10)}` : `Call ${x.id}`,
    source_format: x.huddle ? "huddle" : "vtt", started_at: x.at, content_hash: `hash-${x.id}`, languages: "{}", merged_from: "[]",
  }))).execute());
  const speakers = calls.filter((x) => !x.huddle).flatMap((x) => [
    { conversation_id: x.id, label: "Ours", side: "ours" as const, method: "manual" },
    ...(x.partnerPresent ? [{ conversation_id: x.id, label: "Partner", side: "partner" as const, method: "manual" }] : []),
  ]);
  await batch(speakers, (c) => db.insertInto("conversation_speakers").values(c).execute());
  const wins = partners.filter((p) => p.firstWin);
  await batch(wins, (c) => db.insertInto("partner_first_wins").values(c.map((p) => ({
    org_id: p.id, workspace_id: ws, sentence: p.firstWin!.sentence, rule: p.firstWin!.rule ? JSON.stringify(p.firstWin!.rule) : null, set_by: "test",
    created_at: p.firstWin!.createdAt, updated_at: p.firstWin!.createdAt,
  }))).execute());
  return ws;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

/** A random workspace for the speed check: `partners` partners sharing `deals` deals, about 2 calls and half a handoff per deal. */
export function generateActivationPartners(opts: { partners: number; deals: number; seed?: number }): SeedPartner[] {
  const rand = rng(opts.seed ?? 7);
  const iso = (ms: number) => new Date(ms).toISOString();
  const base = Date.UTC(2026, 0, 5);
  const partners: SeedPartner[] = Array.from({ length: opts.partners }, (_, i) => {
    const on = base + Math.floor(rand() * 200) * DAY;
    return {
      id: `ap_${String(i + 1).padStart(4, "0")}`, name: `Partner ${String(i + 1).padStart(4, "0")}`, onboardedOn: rand() < 0.95 ? iso(on).slice(0, 10) : null,
      deals: [], handoffs: [], calls: [],
      firstWin: rand() < 0.7 ? { sentence: "Two joint discovery calls", rule: { kind: "joint_discovery_calls", count: 2 }, createdAt: iso(on + Math.floor(rand() * 14) * DAY) } : undefined,
    };
  });
  const stages = ["discovery", "proposal", "won", "closed-won", "lost"];
  for (let i = 0; i < opts.deals; i++) {
    const p = partners[Math.floor(rand() * partners.length)]!;
    const created = base + Math.floor(rand() * 300) * DAY;
    const id = `ad_${String(i + 1).padStart(6, "0")}`;
    p.deals!.push({ id, stage: stages[Math.floor(rand() * stages.length)], amount: rand() < 0.7 ? 1000 * (5 + Math.floor(rand() * 95)) : null, createdAt: iso(created) });
    if (rand() < 0.5) {
      const fa = rand() < 0.8 ? created + Math.floor(rand() * 8) * 3_600_000 : null;
      p.handoffs!.push({ id: `ah_${i + 1}`, dealId: id, receivedAt: iso(created), firstActionAt: fa == null ? null : iso(fa), dueAt: iso(created + 4 * 3_600_000) });
    }
    const nCalls = Math.floor(rand() * 4);
    for (let c = 0; c < nCalls; c++) p.calls!.push({ id: `ac_${i + 1}_${c}`, dealId: id, at: iso(created + (1 + c * 3) * DAY), partnerPresent: rand() < 0.5, huddle: rand() < 0.15 });
  }
  return partners;
}
