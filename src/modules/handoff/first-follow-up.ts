// The owner's first follow-up to the buyer, drafted from the brief: it keeps the partner's
// own words for the problem and why now (quoted from the evidence), proposes the expected
// next step, and is written in the intro's language when that is es/de/pt. Pure, no I/O.
import type { StoredBrief, StoredField } from "./stored-brief.ts";

export interface Recipient { name: string | null; email: string }
export interface FollowUpDraft {
  to: Recipient[];
  /** The partner who made the introduction. */
  cc: Recipient[];
  subject: string;
  text: string;
  language: "en" | "es" | "de" | "pt";
  /** What the draft could not fill in ("no buyer email"). */
  warnings: string[];
}

export interface DraftInput {
  brief: StoredBrief;
  subject: string | null;
  owner: { name: string; email: string | null } | null;
  ourCompany: string;
}

interface Template {
  greeting(buyer: string): string;
  thanks(partner: string): string;
  inWords(partner: string): string;
  understood: string;
  suggested(partner: string): string;
  high: string;
  low: string;
  propose(meeting: string, when: string | null): string;
  meeting(isDemo: boolean): string;
  by(date: string): string;
  thisWeek: string;
  signOff: string;
  subjectFallback(buyer: string, ours: string): string;
  someone: string;
}

const TEMPLATES: Record<FollowUpDraft["language"], Template> = {
  en: {
    greeting: (b) => `Hi ${b},`,
    thanks: (p) => `Thank you, ${p}, for the introduction (moving you to cc).`,
    inWords: (p) => `In ${p}'s words:`,
    understood: "As I understand it:",
    suggested: (p) => `${p} suggested:`,
    high: "Since the timing matters, I'd like to get started quickly.",
    low: "No rush on our side: whenever suits you.",
    propose: (m, w) => `As a next step, I'd suggest ${m} ${w} to hear how you handle this today and what a good outcome looks like. Would a time then work for you?`,
    meeting: (d) => (d ? "a 30-minute demo" : "a 30-minute call"),
    by: (d) => `by ${d}`,
    thisWeek: "this week",
    signOff: "Best regards,",
    subjectFallback: (b, o) => `Introduction: ${b} and ${o}`,
    someone: "there",
  },
  es: {
    greeting: (b) => `Hola ${b}:`,
    thanks: (p) => `Gracias, ${p}, por la presentación (te dejo en copia).`,
    inWords: (p) => `En palabras de ${p}:`,
    understood: "Según lo que entiendo:",
    suggested: (p) => `${p} proponía:`,
    high: "Como el plazo es importante, me gustaría empezar cuanto antes.",
    low: "Sin prisa por nuestra parte: cuando mejor os venga.",
    propose: (m, w) => `Como siguiente paso, propongo ${m} ${w} para entender cómo lo gestionáis hoy y qué resultado buscáis. ¿Os viene bien algún momento?`,
    meeting: (d) => (d ? "una demo de 30 minutos" : "una llamada de 30 minutos"),
    by: (d) => `antes del ${d}`,
    thisWeek: "esta semana",
    signOff: "Un saludo,",
    subjectFallback: (b, o) => `Presentación: ${b} y ${o}`,
    someone: "",
  },
  de: {
    greeting: (b) => `Guten Tag ${b},`,
    thanks: (p) => `Vielen Dank, ${p}, für die Vorstellung (ich setze Sie in Kopie).`,
    inWords: (p) => `In den Worten von ${p}:`,
    understood: "So wie ich es verstehe:",
    suggested: (p) => `${p} schlug vor:`,
    high: "Da der Zeitplan wichtig ist, möchte ich gern zügig starten.",
    low: "Von unserer Seite gibt es keine Eile – wann immer es Ihnen passt.",
    propose: (m, w) => `Als nächsten Schritt schlage ich ${m} ${w} vor, um zu verstehen, wie Sie das heute lösen und was ein gutes Ergebnis wäre. Passt Ihnen ein Termin in diesem Zeitraum?`,
    meeting: (d) => (d ? "eine 30-minütige Demo" : "ein 30-minütiges Gespräch"),
    by: (d) => `bis ${d}`,
    thisWeek: "in dieser Woche",
    signOff: "Viele Grüße",
    subjectFallback: (b, o) => `Vorstellung: ${b} und ${o}`,
    someone: "",
  },
  pt: {
    greeting: (b) => `Olá ${b},`,
    thanks: (p) => `Obrigado, ${p}, pela apresentação (deixo você em cópia).`,
    inWords: (p) => `Nas palavras de ${p}:`,
    understood: "Pelo que entendi:",
    suggested: (p) => `${p} sugeriu:`,
    high: "Como o prazo é importante, gostaria de começar o quanto antes.",
    low: "Sem pressa da nossa parte: quando for melhor para vocês.",
    propose: (m, w) => `Como próximo passo, proponho ${m} ${w} para entender como vocês lidam com isso hoje e qual seria um bom resultado. Algum horário funciona para você?`,
    meeting: (d) => (d ? "uma demonstração de 30 minutos" : "uma conversa de 30 minutos"),
    by: (d) => `até ${d}`,
    thisWeek: "esta semana",
    signOff: "Atenciosamente,",
    subjectFallback: (b, o) => `Apresentação: ${b} e ${o}`,
    someone: "",
  },
};

const LOCALES = { en: "en-US", es: "es-ES", de: "de-DE", pt: "pt-BR" } as const;

const firstName = (name: string | null) => name?.trim().split(/\s+/)[0] ?? null;

function formatYmd(ymd: string, language: FollowUpDraft["language"]): string {
  const d = new Date(`${ymd}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return ymd;
  return new Intl.DateTimeFormat(LOCALES[language], { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }).format(d);
}

/** "Re: <the intro's subject>", without the forward/reply prefixes it already carries. */
export function replySubject(subject: string | null): string | null {
  const clean = subject?.replace(/^\s*((re|fwd?|rv|wg|aw|enc|tr)\s*:\s*)+/i, "").trim();
  return clean ? `Re: ${clean}` : null;
}

const isQuoted = (f: StoredField | undefined): f is StoredField & { evidence: { quote: string } } => !!f && !f.editedBy && !!f.evidence?.quote && !!f.value;

export function draftFirstFollowUp(input: DraftInput): FollowUpDraft {
  const { brief } = input;
  const f = brief.fields;
  const language = (["es", "de", "pt"].includes(brief.language ?? "") ? brief.language : "en") as FollowUpDraft["language"];
  const t = TEMPLATES[language];
  const warnings: string[] = [];
  const buyerName = f["buyerContact.name"].value;
  const partnerName = f["partnerContact.name"].value;
  const partnerFirst = firstName(partnerName) ?? f.partnerCompany.value ?? "";
  const buyerEmail = f["buyerContact.email"].value;
  const partnerEmail = f["partnerContact.email"].value;
  if (!buyerEmail) warnings.push("no buyer email in the brief");

  const lines: string[] = [t.greeting(language === "de" ? buyerName ?? t.someone : firstName(buyerName) ?? t.someone).replace(/\s+([,:])$/, "$1"), ""];
  if (partnerFirst) lines.push(t.thanks(partnerFirst), "");

  const quoted = [f.problem, f.whyNow].filter(isQuoted);
  if (quoted.length && partnerFirst) {
    lines.push(t.inWords(partnerFirst));
    for (const q of quoted) lines.push(...q.evidence.quote.replace(/\s+/g, " ").trim().split("\n").map((l) => `> ${l}`));
    lines.push("");
  }
  const edited = [f.problem, f.whyNow].filter((x) => x.value && !isQuoted(x));
  if (edited.length) {
    lines.push(t.understood, ...edited.map((x) => `- ${x.value}`), "");
  }
  if (f.urgency.value === "high") lines.push(t.high, "");
  if (f.urgency.value === "low") lines.push(t.low, "");

  const next = f.expectedNextStep;
  if (next.value && partnerFirst) lines.push(`${t.suggested(partnerFirst)} "${next.value}"`);
  const isDemo = /\bdemo|demonstra/i.test(next.value ?? "");
  const when = f.requestedBy.value ? t.by(formatYmd(f.requestedBy.value, language)) : t.thisWeek;
  lines.push(t.propose(t.meeting(isDemo), when), "", t.signOff);
  if (input.owner) lines.push(input.owner.name);
  lines.push(input.ourCompany);

  const buyerCompany = f.buyerCompany.value ?? buyerName ?? "";
  return {
    to: buyerEmail ? [{ name: buyerName, email: buyerEmail }] : [],
    cc: partnerEmail ? [{ name: partnerName, email: partnerEmail }] : [],
    subject: replySubject(input.subject) ?? t.subjectFallback(buyerCompany, input.ourCompany),
    text: `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trim()}\n`,
    language,
    warnings,
  };
}
