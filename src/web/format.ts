// Formatting helpers: money, dates in a deal's timezone, durations, transcript timestamps.
import type { Side } from "./types.ts";

export function formatMoney(amount: number | null | undefined, currency: string | null | undefined, compact = false): string {
  if (amount === null || amount === undefined || Number.isNaN(amount)) return "—";
  const cur = currency && /^[A-Z]{3}$/.test(currency) ? currency : undefined;
  try {
    return new Intl.NumberFormat(undefined, {
      style: cur ? "currency" : "decimal",
      currency: cur,
      notation: compact ? "compact" : "standard",
      maximumFractionDigits: compact ? 1 : 0,
    }).format(amount);
  } catch {
    return `${amount.toLocaleString()}${currency ? ` ${currency}` : ""}`;
  }
}

const validTz = (tz: string | null | undefined): string | undefined => {
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
};

export function formatDate(iso: string | null | undefined, tz?: string | null): string {
  if (!iso) return "—";
  // A calendar date ("2026-04-21", a due date) is a day, not an instant: render it as that day in UTC
  // so a zone west of Greenwich doesn't show the day before.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const day = new Date(`${iso}T12:00:00Z`);
    return new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(day);
  }
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: validTz(tz) }).format(d);
}

export function formatDateTime(iso: string | null | undefined, tz?: string | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return new Intl.DateTimeFormat(undefined, {
    weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit",
    timeZone: validTz(tz), timeZoneName: "short",
  }).format(d);
}

/** "3 days ago", "in 2 hours", "just now". */
export function formatRelative(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  const diff = d.getTime() - now.getTime();
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 365 * 864e5], ["month", 30 * 864e5], ["week", 7 * 864e5], ["day", 864e5], ["hour", 36e5], ["minute", 6e4],
  ];
  for (const [unit, ms] of units) if (abs >= ms) return rtf.format(Math.round(diff / ms), unit);
  return "just now";
}

/** Transcript timestamp: m:ss under an hour, h:mm:ss above. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${String(m).padStart(2, "0")}:${ss}`;
}

/** "47 min", "1 h 5 min", "—" for 0 (emails). */
export function formatDuration(ms: number | null | undefined): string {
  if (!ms || ms <= 0) return "—";
  const min = Math.round(ms / 60000);
  if (min < 1) return "< 1 min";
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const r = min % 60;
  return r ? `${h} h ${r} min` : `${h} h`;
}

const LANGS: Record<string, string> = {
  en: "English", de: "German", fr: "French", es: "Spanish", it: "Italian", nl: "Dutch", pt: "Portuguese",
  eng: "English", deu: "German", fra: "French", spa: "Spanish", ita: "Italian", nld: "Dutch", por: "Portuguese",
  ja: "Japanese", sv: "Swedish", da: "Danish", pl: "Polish",
};
export function formatLanguage(code: string | null | undefined): string {
  if (!code) return "—";
  const key = code.toLowerCase();
  if (LANGS[key]) return LANGS[key]!;
  try {
    return new Intl.DisplayNames(undefined, { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

export const SIDE_LABEL: Record<Side, string> = { ours: "Ours", partner: "Partner", buyer: "Buyer" };

const MOTION_LABEL: Record<string, string> = { "co-sell": "Co-sell", resell: "Resell", referral: "Referral" };
export const formatMotion = (m: string | null | undefined): string => (m ? MOTION_LABEL[m] ?? titleCase(m) : "—");

export function titleCase(s: string | null | undefined): string {
  if (!s) return "—";
  return s.replace(/[-_]+/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());
}

export function initials(name: string | null | undefined): string {
  if (!name) return "?";
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "";
  const last = parts.length > 1 ? parts[parts.length - 1]![0] ?? "" : "";
  return (first + last).toUpperCase() || "?";
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
