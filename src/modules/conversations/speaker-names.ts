// Pure name rules for speaker matching: normalising labels and matching them to roster people directly.
import type { RosterPerson } from "./conversation.ts";

/** Lower case, no accents, no punctuation, single spaces: "José  O'Neil" → "jose oneil". */
export function normaliseName(raw: string): string {
  return raw
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * Strip what meeting tools add to a display name: Teams badges "(External)", "(Guest)",
 * "(She/Her)", "| Company" and " - Company" suffixes, "[Acme]" tags, a trailing "(2)".
 */
export function stripLabelDecorations(label: string): string {
  let s = label.trim();
  s = s.replace(/\s*[|•·]\s*.*$/, "");
  s = s.replace(/\s+[-–—]\s+.*$/, "");
  for (let i = 0; i < 3; i++) s = s.replace(/\s*[([][^)\]]*[)\]]\s*$/, "").trim();
  s = s.replace(/^[([][^)\]]*[)\]]\s*/, "");
  return s.trim();
}

export function toDigits(raw: string): string {
  return raw.replace(/\D+/g, "");
}

/** Phone numbers match on their last 10 digits, so "+1 (415) 555-0100" equals "415.555.0100". */
export function isSamePhone(a: string, b: string): boolean {
  const da = toDigits(a);
  const db = toDigits(b);
  if (da.length < 7 || db.length < 7) return false;
  const n = Math.min(10, da.length, db.length);
  return da.slice(-n) === db.slice(-n);
}

/** Labels a tool writes when it cannot name the speaker: "Speaker 2", "Participant 3", "Unknown", a phone. */
export function isGenericLabel(label: string): boolean {
  const s = label.trim();
  if (/^(?:speaker|participant|guest|caller|attendee|unknown|spk|user|person|interlocutor|hablante|sprecher|orador)(?:[\s_-]*[\w]{1,3})?$/i.test(s)) return true;
  if (/^\+?[\d\s().-]{7,}$/.test(s)) return true;
  return false;
}

export const isPhoneLabel = (label: string): boolean => /^\+?[\d\s().-]{7,}$/.test(label.trim());
export const isEmailLabel = (label: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(label.trim());

export function firstNameOf(name: string): string {
  return normaliseName(name).split(" ")[0] ?? "";
}

export interface DirectMatch {
  personId: string;
  confidence: number;
  method: "exact" | "normalised" | "first-name" | "last-first" | "email" | "phone";
}

/** Match one label against the roster without looking at what was said. */
export function matchLabelDirectly(
  label: string,
  roster: RosterPerson[],
  emailParticipants: Array<{ name: string | null; address: string }>,
): DirectMatch | null {
  const exact = roster.filter((p) => p.name === label);
  if (exact.length === 1) return { personId: exact[0].id, confidence: 1, method: "exact" };

  if (isEmailLabel(label)) {
    const address = label.trim().toLowerCase();
    const byEmail = roster.filter((p) => p.emails.some((e) => e.toLowerCase() === address));
    return byEmail.length === 1 ? { personId: byEmail[0].id, confidence: 0.95, method: "email" } : null;
  }
  if (isPhoneLabel(label)) {
    const byPhone = roster.filter((p) => (p.phones ?? []).some((ph) => isSamePhone(ph, label)));
    return byPhone.length === 1 ? { personId: byPhone[0].id, confidence: 0.95, method: "phone" } : null;
  }
  if (isGenericLabel(label)) return null;

  const stripped = stripLabelDecorations(label);
  const wanted = normaliseName(stripped);
  if (!wanted) return null;
  const normalised = roster.filter((p) => normaliseName(p.name) === wanted);
  if (normalised.length === 1) return { personId: normalised[0].id, confidence: 0.95, method: "normalised" };

  const comma = /^([^,]+),\s*([^,]+)$/.exec(stripped);
  if (comma) {
    const swapped = normaliseName(`${comma[2]} ${comma[1]}`);
    const lastFirst = roster.filter((p) => normaliseName(p.name) === swapped);
    if (lastFirst.length === 1) return { personId: lastFirst[0].id, confidence: 0.9, method: "last-first" };
  }

  // The label is a display name on an e-mail thread: find its address, then the person.
  const participant = emailParticipants.find((e) => e.name && normaliseName(e.name) === wanted);
  if (participant) {
    const byEmail = roster.filter((p) => p.emails.some((e) => e.toLowerCase() === participant.address.toLowerCase()));
    if (byEmail.length === 1) return { personId: byEmail[0].id, confidence: 0.9, method: "email" };
  }

  const words = wanted.split(" ");
  // "Dana" or "Dana W" when exactly one roster person has that first name (and initial).
  if (words.length <= 2 && (words.length === 1 || words[1].length === 1)) {
    const byFirst = roster.filter((p) => {
      const parts = normaliseName(p.name).split(" ");
      return parts[0] === words[0] && (words.length === 1 || (parts[parts.length - 1] ?? "").startsWith(words[1]));
    });
    if (byFirst.length === 1) return { personId: byFirst[0].id, confidence: 0.75, method: "first-name" };
  }
  return null;
}
