// Time to first action: business time from the intro's arrival to the first owned action,
// against a target (one business day unless the workspace says otherwise). Pure, no I/O.
import { addBusinessTime, businessMsBetween, getBusinessDayMs, type BusinessTimeOptions } from "./business-time.ts";

export const FIRST_ACTION_KINDS = ["reply_sent", "meeting_booked", "call_held"] as const;
export type FirstActionKind = (typeof FIRST_ACTION_KINDS)[number];
export type ClockStatus = "on_track" | "at_risk" | "breached";

/** Escalation level → share of the target at which it fires: the backup at 100%, the partner manager at 150%. */
export const ESCALATION_LEVELS = [{ level: 1, ratio: 1 }, { level: 2, ratio: 1.5 }] as const;
/** From this share of the target on, an open clock shows "at risk". */
export const AT_RISK_RATIO = 0.75;

export interface ClockInput {
  receivedAt: Date;
  now: Date;
  targetMs: number;
  firstAction: { at: Date; kind: FirstActionKind } | null;
  calendar: BusinessTimeOptions;
}

export interface Clock {
  startedAt: string;
  stoppedAt: string | null;
  stoppedBy: FirstActionKind | null;
  isRunning: boolean;
  elapsedMs: number;
  targetMs: number;
  /** elapsed / target, 0..∞. */
  ratio: number;
  dueAt: string;
  status: ClockStatus;
}

export function resolveTargetMs(settings: Record<string, unknown> | null | undefined, calendar: Pick<BusinessTimeOptions, "workday">): number {
  const handoff = settings?.handoff as { targetBusinessHours?: unknown } | undefined;
  const hours = handoff?.targetBusinessHours;
  if (typeof hours === "number" && Number.isFinite(hours) && hours > 0) return Math.round(hours * 3600_000);
  return getBusinessDayMs(calendar);
}

export function computeDeadline(receivedAt: Date, targetMs: number, ratio: number, calendar: BusinessTimeOptions): Date {
  return addBusinessTime(receivedAt, Math.round(targetMs * ratio), calendar);
}

export function computeClock(input: ClockInput): Clock {
  const stop = input.firstAction && input.firstAction.at.getTime() >= input.receivedAt.getTime() ? input.firstAction : null;
  const end = stop ? stop.at : input.now;
  const elapsedMs = Math.max(0, businessMsBetween(input.receivedAt, end, input.calendar));
  const ratio = input.targetMs > 0 ? elapsedMs / input.targetMs : 0;
  const status: ClockStatus = ratio > 1 || (!stop && ratio >= 1) ? "breached" : !stop && ratio >= AT_RISK_RATIO ? "at_risk" : "on_track";
  return {
    startedAt: input.receivedAt.toISOString(), stoppedAt: stop ? stop.at.toISOString() : null, stoppedBy: stop?.kind ?? null,
    isRunning: !stop, elapsedMs, targetMs: input.targetMs, ratio: Math.round(ratio * 1000) / 1000,
    dueAt: computeDeadline(input.receivedAt, input.targetMs, 1, input.calendar).toISOString(), status,
  };
}
