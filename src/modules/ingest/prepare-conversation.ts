// Turns one parsed file into what gets stored: speakers resolved to people and sides, language,
// consent, declined speakers' words replaced before anything is written. Pure: no I/O.
import type { DetectedConsent, DetectedLanguage, EmailAddress, ParsedConversation, RosterPerson } from "../conversations/index.ts";
import { detectConsent, detectLanguage, isGenericLabel, isPhoneLabel, redactDeclined, resolveSpeakers } from "../conversations/index.ts";
import type { NewSpeaker, NewUtterance } from "../conversations/index.ts";
import type { ErrorDetail } from "../../shared/errors.ts";

export interface PreparedConversation {
  utterances: NewUtterance[];
  speakers: NewSpeaker[];
  language: string | null;
  languages: Record<string, unknown>;
  durationMs: number;
  /** Named speakers that match nobody on the roster (an import refuses these, naming file and line). */
  unknownSpeakers: ErrorDetail[];
  /** Numbered / phone labels nobody could be matched to: stored, flagged for a one-step mapping. */
  unresolved: string[];
  /** Self-introduced names (or named labels) not on the roster; never from a speaker who declined recording. */
  proposedPeople: Array<{ label: string; name: string; evidence: { seq: number; quote: string } | null }>;
}

/**
 * What a conversation's words say regardless of who is on the deal: consent per speaker, and the language of what
 * the speakers who did not decline said. A multi-folder import works this out in a worker thread ahead of storing.
 */
export interface ConversationAnalysis { consent: DetectedConsent; language: DetectedLanguage }

export function analyzeConversation(parsed: ParsedConversation): ConversationAnalysis {
  const consent = detectConsent(parsed.utterances);
  const declined = declinedLabels(consent);
  const safe = declined.length ? redactDeclined(parsed, declined) : parsed;
  return { consent, language: detectLanguage(safe.utterances.filter((u) => !declined.includes(u.speakerLabel ?? ""))) };
}

const declinedLabels = (consent: DetectedConsent) => Object.entries(consent.bySpeaker).filter(([, c]) => c.status === "declined").map(([label]) => label);

/**
 * `threadParticipants`: people on the deal's email thread (the intro's From/To/Cc), a hint for unnamed speakers.
 * `analysis`: analyzeConversation(parsed), when it was worked out ahead.
 */
export function prepareConversation(
  file: string, parsed: ParsedConversation, roster: RosterPerson[], threadParticipants: EmailAddress[] = [], analysis?: ConversationAnalysis,
): PreparedConversation {
  const byId = new Map(roster.map((p) => [p.id, p]));
  const emailParticipants = parsed.email
    ? [parsed.email.from, ...parsed.email.to, ...parsed.email.cc].filter((a): a is NonNullable<typeof a> => a != null)
    : threadParticipants.length ? threadParticipants : undefined;
  const resolved = resolveSpeakers({ utterances: parsed.utterances, roster, emailParticipants });
  const { consent, language: lang } = analysis ?? analyzeConversation(parsed);
  const declined = declinedLabels(consent);
  const safe = declined.length ? redactDeclined(parsed, declined) : parsed;

  const labels = [...new Set(safe.utterances.map((u) => u.speakerLabel).filter((l): l is string => l != null))];
  const unknownSpeakers: ErrorDetail[] = [];
  const speakers: NewSpeaker[] = labels.map((label) => {
    const r = resolved.bySpeakerLabel[label];
    const person = r?.personId ? byId.get(r.personId) ?? null : null;
    if (!person && !isGenericLabel(label) && !isPhoneLabel(label) && !parsed.email) {
      const first = safe.utterances.find((u) => u.speakerLabel === label);
      unknownSpeakers.push({ file, line: first?.line ?? 0, field: "speaker", message: `speaker "${label}" is not in the deal's people` });
    }
    const c = consent.bySpeaker[label];
    return {
      label, personId: person?.id ?? null, side: person?.side ?? null, method: r?.method ?? "unresolved",
      confidence: r?.confidence ?? 0, consent: c?.status ?? "unknown", consentEvidence: c?.evidence ?? null,
    };
  });
  const bySpeaker = new Map(speakers.map((s) => [s.label, s]));
  const utterances: NewUtterance[] = safe.utterances.map((u) => {
    const s = u.speakerLabel ? bySpeaker.get(u.speakerLabel) : undefined;
    return { seq: u.seq, speakerLabel: u.speakerLabel, personId: s?.personId ?? null, side: s?.side ?? null, startMs: u.startMs, endMs: u.endMs, line: u.line, text: u.text };
  });
  return {
    utterances, speakers,
    language: lang.language,
    languages: { mixed: lang.mixed, bySpeaker: lang.bySpeaker },
    durationMs: utterances.reduce((m, u) => Math.max(m, u.endMs), 0),
    unknownSpeakers,
    unresolved: resolved.unresolved,
    proposedPeople: resolved.proposedPeople.filter((p) => !declined.includes(p.label))
      .map((p) => ({ label: p.label, name: p.name, evidence: declined.length ? null : p.evidence })),
  };
}
