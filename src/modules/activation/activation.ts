// Partner activation maths, no I/O: the first-win clock and status with its evidence, the behaviour signals,
// the activation funnel with the step each partner stalls at, partner-sourced pipeline per month, and the CSV.
export const FIRST_WIN_DAYS = 30;
export const AT_RISK_DAYS = 7;
export const WEEK_ONE_DAYS = 7;
export const WON_STAGES = ["won", "closed-won", "closed_won"];
const DAY = 86_400_000;

export type FirstWinRule = { kind: "joint_discovery_calls"; count: number } | { kind: "deals_with_partner_present"; count: number };
export type FirstWinStatus = "on_track" | "at_risk" | "missed" | "achieved";

/** A call on one of the partner's deals; `partnerPresent` = a partner-side speaker of this partner (or unmapped) spoke. */
export interface CallFact { conversationId: string; dealId: string; title: string; startedAt: string; partnerPresent: boolean }
export interface HandoffFact {
  id: string; dealId: string; partnerOrgId: string; receivedAt: string; firstActionAt: string | null; dueAt: string;
}
export interface DealFact { id: string; slug: string; name: string; stage: string; amount: number | null; createdAt: string; closedAt: string; sourced: boolean }
export interface HuddleFact { conversationId: string; dealId: string; heldAt: string }
export interface FirstWinRow { sentence: string; rule: FirstWinRule | null; createdAt: string; updatedAt: string; setBy: string }

export interface FirstWinEvidence { conversationId: string; dealId: string; title: string; startedAt: string; url: string }
export interface FirstWin {
  orgId: string; defined: boolean; sentence: string | null; rule: FirstWinRule | null;
  clock: { startsOn: string | null; deadline: string | null; daysLeft: number | null; onboardedKnown: boolean };
  status: FirstWinStatus | null; achievedAt: string | null; progress: { have: number; need: number } | null;
  evidence: FirstWinEvidence[]; definedAt: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const dayStart = (date: string) => Date.parse(`${date.slice(0, 10)}T00:00:00Z`);

/** Calls that count for the rule, oldest first, with the time the rule was met (the count-th one). */
export function satisfy(rule: FirstWinRule, calls: CallFact[], fromMs: number | null): { evidence: CallFact[]; metAt: string | null; have: number } {
  const present = calls.filter((c) => c.partnerPresent && (fromMs == null || Date.parse(c.startedAt) >= fromMs))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.conversationId.localeCompare(b.conversationId));
  let evidence = present;
  if (rule.kind === "deals_with_partner_present") {
    const seen = new Set<string>();
    evidence = present.filter((c) => (seen.has(c.dealId) ? false : (seen.add(c.dealId), true)));
  }
  const met = evidence.length >= rule.count ? evidence[rule.count - 1]! : null;
  return { evidence, metAt: met ? met.startedAt : null, have: evidence.length };
}

/**
 * The 30-day clock runs from onboarded_on (UTC day start). Achieved = the rule was met on or before the deadline;
 * missed = the deadline passed without it; at risk = inside the last 7 days; otherwise on track.
 * A first win without a rule is only timed (it can't be achieved automatically).
 */
export function firstWinStatus(input: { orgId: string; onboardedOn: string | null; row: FirstWinRow | null; calls: CallFact[]; now: Date }): FirstWin {
  const { row, now } = input;
  const start = input.onboardedOn ? dayStart(input.onboardedOn) : null;
  const deadline = start == null ? null : start + FIRST_WIN_DAYS * DAY;
  const nowMs = now.getTime();
  const clock = {
    startsOn: input.onboardedOn ? input.onboardedOn.slice(0, 10) : null, deadline: deadline == null ? null : iso(deadline),
    daysLeft: deadline == null ? null : Math.max(0, Math.ceil((deadline - nowMs) / DAY)), onboardedKnown: start != null,
  };
  const base: FirstWin = {
    orgId: input.orgId, defined: !!row, sentence: row?.sentence ?? null, rule: row?.rule ?? null, clock,
    status: null, achievedAt: null, progress: null, evidence: [], definedAt: row?.createdAt ?? null,
  };
  if (!row) return base;
  let metAt: string | null = null;
  if (row.rule) {
    const s = satisfy(row.rule, input.calls, start);
    // Evidence that happened after "now" (an injected clock in the past) does not count yet.
    const upToNow = s.evidence.filter((c) => Date.parse(c.startedAt) <= nowMs);
    base.progress = { have: Math.min(upToNow.length, row.rule.count), need: row.rule.count };
    base.evidence = upToNow.slice(0, row.rule.count).map((c) => ({
      conversationId: c.conversationId, dealId: c.dealId, title: c.title, startedAt: c.startedAt, url: `/conversations/${c.conversationId}`,
    }));
    metAt = s.metAt && Date.parse(s.metAt) <= nowMs ? s.metAt : null;
  }
  if (metAt && (deadline == null || Date.parse(metAt) <= deadline)) { base.status = "achieved"; base.achievedAt = metAt; }
  else if (deadline == null) base.status = "on_track";
  else if (nowMs > deadline) { base.status = "missed"; base.achievedAt = metAt; }
  else if (deadline - nowMs <= AT_RISK_DAYS * DAY) base.status = "at_risk";
  else base.status = "on_track";
  return base;
}

export const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export interface HandoffSignal { handoffId: string; dealId: string; timeToFirstActionMs: number | null; withinSla: boolean | null; partnerOnFirstCall: boolean | null; introToMeeting: boolean }
export interface Signals {
  medianTimeToFirstActionMs: number | null; partnerOnFirstCallShare: number | null; firstWinDefinedInWeekOne: boolean;
  huddlesInFirstMonth: number; twoHuddlesInFirstMonth: boolean; introToMeetingRate: number | null; handoffs: HandoffSignal[];
}

const ratio = (n: number, d: number) => (d ? Math.round((1000 * n) / d) / 1000 : null);

/** Per handoff: time to first action, was the partner on the deal's first call after the intro, did the intro turn into a call. */
export function buildSignals(input: { onboardedOn: string | null; handoffs: HandoffFact[]; callsByDeal: Map<string, CallFact[]>; huddles: HuddleFact[]; firstWin: FirstWinRow | null }): Signals {
  const start = input.onboardedOn ? dayStart(input.onboardedOn) : null;
  const handoffs: HandoffSignal[] = input.handoffs.map((h) => {
    const calls = (input.callsByDeal.get(h.dealId) ?? []).filter((c) => c.startedAt >= h.receivedAt);
    const first = calls[0];
    return {
      handoffId: h.id, dealId: h.dealId,
      timeToFirstActionMs: h.firstActionAt ? Math.max(0, Date.parse(h.firstActionAt) - Date.parse(h.receivedAt)) : null,
      withinSla: h.firstActionAt ? h.firstActionAt <= h.dueAt : null,
      partnerOnFirstCall: first ? first.partnerPresent : null, introToMeeting: calls.length > 0,
    };
  });
  const withCall = handoffs.filter((h) => h.partnerOnFirstCall != null);
  const huddles = start == null ? 0 : input.huddles.filter((h) => { const t = Date.parse(h.heldAt); return t >= start && t < start + FIRST_WIN_DAYS * DAY; }).length;
  return {
    medianTimeToFirstActionMs: median(handoffs.flatMap((h) => (h.timeToFirstActionMs == null ? [] : [h.timeToFirstActionMs]))),
    partnerOnFirstCallShare: ratio(withCall.filter((h) => h.partnerOnFirstCall).length, withCall.length),
    firstWinDefinedInWeekOne: !!input.firstWin && start != null && Date.parse(input.firstWin.createdAt) < start + WEEK_ONE_DAYS * DAY,
    huddlesInFirstMonth: huddles, twoHuddlesInFirstMonth: huddles >= 2,
    introToMeetingRate: ratio(handoffs.filter((h) => h.introToMeeting).length, handoffs.length), handoffs,
  };
}

export const FUNNEL_STEPS = ["onboarded", "first_intro", "first_action_in_sla", "first_joint_call", "first_win", "opportunity", "won"] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];
export const STEP_LABELS: Record<FunnelStep, string> = {
  onboarded: "Onboarded", first_intro: "First intro", first_action_in_sla: "First action within SLA", first_joint_call: "First joint call",
  first_win: "First win", opportunity: "Opportunity", won: "Won",
};
export interface FunnelEntry { step: FunnelStep; reached: boolean; at: string | null }
export interface PartnerActivation {
  partner: { id: string; name: string; tier: string | null; onboardedOn: string | null };
  funnel: FunnelEntry[]; stalledAt: FunnelStep | null; reachedSteps: number;
  firstWin: FirstWin; signals: Signals;
  sourcedPipeline: Array<{ month: string; amount: number; deals: number }>;
}
export interface ActivationReport {
  asOf: string; steps: Array<{ step: FunnelStep; label: string; reached: number; stalled: number }>;
  partners: PartnerActivation[]; pipelineByMonth: Array<{ month: string; amount: number; deals: number }>;
}

export interface PartnerFacts {
  partner: { id: string; name: string; tier: string | null; onboardedOn: string | null };
  firstWin: FirstWinRow | null; handoffs: HandoffFact[]; deals: DealFact[]; calls: CallFact[]; huddles: HuddleFact[];
}

const minIso = (xs: Array<string | null | undefined>): string | null => xs.reduce<string | null>((m, x) => (x && (!m || x < m) ? x : m), null);

/** One partner's funnel, first-win status, signals and sourced pipeline by month (deal created_at month). */
export function buildPartnerActivation(f: PartnerFacts, now: Date): PartnerActivation {
  const calls = [...f.calls].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.conversationId.localeCompare(b.conversationId));
  const callsByDeal = new Map<string, CallFact[]>();
  for (const c of calls) { const l = callsByDeal.get(c.dealId); if (l) l.push(c); else callsByDeal.set(c.dealId, [c]); }
  const handoffs = [...f.handoffs].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const firstWin = firstWinStatus({ orgId: f.partner.id, onboardedOn: f.partner.onboardedOn, row: f.firstWin, calls, now });
  const signals = buildSignals({ onboardedOn: f.partner.onboardedOn, handoffs, callsByDeal, huddles: f.huddles, firstWin: f.firstWin });
  const opp = f.deals.filter((d) => d.amount != null && d.amount > 0);
  const won = opp.filter((d) => WON_STAGES.includes(d.stage.toLowerCase()));
  const at: Record<FunnelStep, string | null> = {
    onboarded: f.partner.onboardedOn ? `${f.partner.onboardedOn.slice(0, 10)}T00:00:00.000Z` : null,
    first_intro: handoffs[0]?.receivedAt ?? null,
    first_action_in_sla: minIso(handoffs.filter((h) => h.firstActionAt && h.firstActionAt <= h.dueAt).map((h) => h.firstActionAt)),
    first_joint_call: calls.find((c) => c.partnerPresent)?.startedAt ?? null,
    first_win: firstWin.status === "achieved" ? firstWin.achievedAt : null,
    opportunity: minIso(opp.map((d) => d.createdAt)),
    won: minIso(won.map((d) => d.closedAt)),
  };
  const funnel = FUNNEL_STEPS.map((step) => ({ step, reached: at[step] != null, at: at[step] }));
  const stall = funnel.find((s) => !s.reached);
  const months = new Map<string, { amount: number; deals: number }>();
  for (const d of f.deals) {
    if (!d.sourced) continue;
    const m = d.createdAt.slice(0, 7);
    const b = months.get(m) ?? { amount: 0, deals: 0 };
    b.amount += d.amount ?? 0; b.deals++;
    months.set(m, b);
  }
  return {
    partner: f.partner, funnel, stalledAt: stall?.step ?? null, reachedSteps: funnel.findIndex((s) => !s.reached) === -1 ? funnel.length : funnel.findIndex((s) => !s.reached),
    firstWin, signals, sourcedPipeline: [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, v]) => ({ month, ...v })),
  };
}

export function buildActivationReport(facts: PartnerFacts[], now: Date): ActivationReport {
  const partners = facts.map((f) => buildPartnerActivation(f, now)).sort((a, b) => a.partner.name.localeCompare(b.partner.name) || a.partner.id.localeCompare(b.partner.id));
  const steps = FUNNEL_STEPS.map((step, i) => ({
    step, label: STEP_LABELS[step], reached: partners.filter((p) => p.reachedSteps > i).length, stalled: partners.filter((p) => p.stalledAt === step).length,
  }));
  const months = new Map<string, { amount: number; deals: number }>();
  for (const p of partners) for (const m of p.sourcedPipeline) {
    const b = months.get(m.month) ?? { amount: 0, deals: 0 };
    b.amount += m.amount; b.deals += m.deals; months.set(m.month, b);
  }
  return { asOf: now.toISOString(), steps, partners, pipelineByMonth: [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, v]) => ({ month, ...v })) };
}

const cell = (v: unknown) => {
  const s = v == null ? "" : String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
};
const csv = (rows: unknown[][]) => `${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
const hours = (ms: number | null) => (ms == null ? null : Math.round(ms / 36_000) / 100);

/** One row per partner: the date each funnel step was reached, the stall step, first-win status and the signals. */
export function activationToCsv(r: ActivationReport): string {
  return csv([
    ["partner_id", "partner", "tier", "onboarded_on", ...FUNNEL_STEPS.map((s) => `${s}_at`), "stalled_at", "first_win_status", "first_win_deadline",
      "median_ttfa_hours", "partner_on_first_call_share", "first_win_defined_week_one", "huddles_first_month", "intro_to_meeting_rate", "sourced_pipeline"],
    ...r.partners.map((p) => [
      p.partner.id, p.partner.name, p.partner.tier, p.partner.onboardedOn, ...p.funnel.map((s) => s.at), p.stalledAt ?? "complete",
      p.firstWin.status ?? "undefined", p.firstWin.clock.deadline, hours(p.signals.medianTimeToFirstActionMs), p.signals.partnerOnFirstCallShare,
      p.signals.firstWinDefinedInWeekOne, p.signals.huddlesInFirstMonth, p.signals.introToMeetingRate,
      p.sourcedPipeline.reduce((n, m) => n + m.amount, 0),
    ]),
  ]);
}
