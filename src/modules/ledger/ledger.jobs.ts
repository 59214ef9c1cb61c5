// ledger.weekly-walk: builds every deal's and partner's walk for the week, emails each to its owners when
// BATON_SMTP_URL is set, and holds it (so next week's "done since the last walk" counts from now).
import { z } from "zod";
import { getWorkspace, listPeople } from "../directory/index.ts";
import { defineJob, enqueueJob, type JobDefinition } from "../jobs/index.ts";
import { currentWeek, isoWeekOf, startOfDay, weekDays } from "./week.ts";
import { createSmtpMailer } from "../../adapters/email/smtp.ts";
import { loadConfig } from "../../shared/config.ts";
import type { Deps } from "../../shared/deps.ts";
import { AppError } from "../../shared/errors.ts";
import { listHeldWalkKeys } from "./ledger.repo.ts";
import { renderWalkEmail } from "./walk-render.ts";
import { buildWorkspaceWalks, storeWalk } from "./walk.service.ts";
import type { Walk } from "./walk.ts";

export const WeeklyWalkPayloadSchema = z.object({
  /** ISO week, "2026-W21"; the current week in the workspace timezone when left out. */
  week: z.string().regex(/^\d{4}-W\d{2}$/).optional(),
  /** Send every walk to these addresses instead of the owners. */
  to: z.array(z.email()).optional(),
});
export type WeeklyWalkPayload = z.infer<typeof WeeklyWalkPayloadSchema>;

export interface WeeklyWalkJobOptions {
  /** smtp(s):// URL; read from BATON_SMTP_URL at run time when left out. No URL: walks are held, not sent. */
  smtpUrl?: string | null;
  from?: string;
  /** BATON_PUBLIC_URL by default, for absolute evidence links. */
  baseUrl?: string | null;
  /** Also posts each non-empty walk to the delivery destinations subscribed to walks (wired in server/main.ts). */
  deliver?: (deps: Deps, walk: Walk) => Promise<{ failed: string[] }>;
}

export async function runWeeklyWalk(deps: Deps, payload: WeeklyWalkPayload, opts: WeeklyWalkJobOptions = {}) {
  const cfg = opts.smtpUrl === undefined || opts.baseUrl === undefined ? loadConfig() : null;
  const smtpUrl = opts.smtpUrl === undefined ? cfg!.BATON_SMTP_URL ?? null : opts.smtpUrl;
  const baseUrl = opts.baseUrl === undefined ? cfg!.BATON_PUBLIC_URL ?? undefined : opts.baseUrl ?? undefined;
  const ws = await getWorkspace(deps);
  const { week, walks, recipients } = await buildWorkspaceWalks(deps, { week: payload.week });
  const held = await listHeldWalkKeys(deps, week);
  const personIds = [...new Set([...recipients.values()].flat())];
  const emailOf = new Map((await listPeople(deps, ws.id, { ids: personIds })).map((p) => [p.id, p.emails[0]]));
  const mailer = smtpUrl ? createSmtpMailer(smtpUrl) : null;
  const from = opts.from ?? `Baton <baton@${ws.domains[0] ?? "localhost"}>`;
  const result = { week, walks: walks.length, sent: 0, held: 0, skipped: 0, failed: [] as string[] };
  for (const walk of walks) {
    const key = `${walk.scope.kind}:${walk.scope.id}`;
    const isEmpty = !walk.counts.open && !walk.counts.doneSinceLastWalk && !walk.counts.newRisks;
    // Other channels are tried on every run: targets that already got this walk are skipped, failed ones retried.
    if (opts.deliver && !isEmpty) {
      const d = await opts.deliver(deps, walk).catch((e: Error) => ({ failed: [e.message] }));
      result.failed.push(...d.failed.map((f) => `${key}: ${f}`));
    }
    // A retry after a failed send does not mail the walks that already went out.
    if (held.has(key)) { result.skipped++; continue; }
    const to = payload.to ?? (recipients.get(key) ?? []).map((id) => emailOf.get(id)).filter((e): e is string => Boolean(e));
    if (mailer && !isEmpty && to.length) {
      const mail = renderWalkEmail(walk, { baseUrl });
      try {
        await mailer.send({ from, to, cc: [], subject: mail.subject, html: mail.html, text: mail.text });
        result.sent++;
      } catch (e) {
        result.failed.push(`${key}: ${(e as Error).message}`);
        continue;
      }
    }
    await storeWalk(deps, ws.id, walk);
    result.held++;
  }
  if (result.failed.length) throw new AppError("UPSTREAM_FAILED", `Could not send ${result.failed.length} walk(s)`, { details: result.failed.map((message) => ({ message })) });
  return result;
}

export function createWeeklyWalkJob(opts: WeeklyWalkJobOptions = {}): JobDefinition<typeof WeeklyWalkPayloadSchema> {
  const def: JobDefinition<typeof WeeklyWalkPayloadSchema> = defineJob({
    id: "ledger.weekly-walk",
    version: 1,
    schema: WeeklyWalkPayloadSchema,
    maxAttempts: 4,
    backoffMs: 5 * 60_000,
    handler: async (deps, payload) => {
      try {
        await runWeeklyWalk(deps, payload, opts);
      } finally {
        // The walk is weekly: each run books the next one, even when a send failed (booking is idempotent).
        await scheduleNextWeeklyWalk(deps, def);
      }
    },
  });
  return def;
}

export const weeklyWalkJob = createWeeklyWalkJob();

/**
 * Books next Monday's walk (08:00 in the workspace timezone) once: the unique key makes this safe to call at
 * every server start and from every worker.
 */
export async function scheduleNextWeeklyWalk(deps: Deps, def: JobDefinition<typeof WeeklyWalkPayloadSchema> = weeklyWalkJob) {
  const ws = await getWorkspace(deps);
  const thisWeek = currentWeek(deps.clock.now(), ws.timezone);
  const nextMonday = new Date(`${weekDays(thisWeek).monday}T12:00:00Z`);
  nextMonday.setUTCDate(nextMonday.getUTCDate() + 7);
  const week = isoWeekOf(nextMonday.toISOString().slice(0, 10));
  const runAt = new Date(startOfDay(weekDays(week).monday, ws.timezone).getTime() + 8 * 3600_000);
  return enqueueJob(deps, def, { week }, { runAt, uniqueKey: `ledger.weekly-walk:${week}` });
}
