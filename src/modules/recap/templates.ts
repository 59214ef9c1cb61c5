// The follow-up email to the buyer, built from the agreed recap in the language of the call (en/es/de/pt). No I/O.
import type { RecapLine, RecapSection } from "./recap.ts";

export const RECAP_LANGUAGES = ["en", "es", "de", "pt"] as const;
export type RecapLanguage = (typeof RECAP_LANGUAGES)[number];
export const recapLanguage = (lang: string | null | undefined): RecapLanguage =>
  (RECAP_LANGUAGES as readonly string[]).includes((lang ?? "").slice(0, 2)) ? (lang!.slice(0, 2) as RecapLanguage) : "en";

interface Template {
  locale: string; by: string;
  subject: (title: string, date: string) => string;
  greeting: (names: string[]) => string;
  intro: (title: string, date: string) => string;
  sections: Record<RecapSection, string>;
  sides: Record<"ours" | "partner" | "buyer" | "unknown", string>;
  closing: string;
}

const T: Record<RecapLanguage, Template> = {
  en: {
    locale: "en-GB", by: "by",
    subject: (t, d) => `Recap: ${t} (${d})`,
    greeting: (n) => `Hi ${n.join(", ") || "all"},`,
    intro: (t, d) => `Thank you for your time on ${d}. Here is our joint recap of "${t}" — please tell us if anything is missing or wrong.`,
    sections: { discussed: "What we discussed", decisions: "Decisions", commitments: "Next steps", questions: "Open questions", objections: "Concerns raised" },
    sides: { ours: "Our side", partner: "Partner", buyer: "Your side", unknown: "To confirm" },
    closing: "Best regards,",
  },
  es: {
    locale: "es-ES", by: "antes del",
    subject: (t, d) => `Resumen: ${t} (${d})`,
    greeting: (n) => `Hola ${n.join(", ") || "a todos"}:`,
    intro: (t, d) => `Gracias por su tiempo el ${d}. Este es nuestro resumen conjunto de «${t}»; avísennos si falta algo o hay algún error.`,
    sections: { discussed: "Temas tratados", decisions: "Decisiones", commitments: "Próximos pasos", questions: "Preguntas abiertas", objections: "Inquietudes planteadas" },
    sides: { ours: "Nuestro equipo", partner: "Socio", buyer: "Su equipo", unknown: "Por confirmar" },
    closing: "Saludos cordiales,",
  },
  de: {
    locale: "de-DE", by: "bis",
    subject: (t, d) => `Zusammenfassung: ${t} (${d})`,
    greeting: (n) => `Hallo ${n.join(", ") || "zusammen"},`,
    intro: (t, d) => `vielen Dank für Ihre Zeit am ${d}. Hier ist unsere gemeinsame Zusammenfassung von „${t}“ – bitte sagen Sie uns, falls etwas fehlt oder nicht stimmt.`,
    sections: { discussed: "Besprochene Themen", decisions: "Entscheidungen", commitments: "Nächste Schritte", questions: "Offene Fragen", objections: "Angesprochene Bedenken" },
    sides: { ours: "Unsere Seite", partner: "Partner", buyer: "Ihre Seite", unknown: "Zu klären" },
    closing: "Viele Grüße",
  },
  pt: {
    locale: "pt-BR", by: "até",
    subject: (t, d) => `Resumo: ${t} (${d})`,
    greeting: (n) => `Olá ${n.join(", ") || "a todos"},`,
    intro: (t, d) => `Obrigado pelo seu tempo em ${d}. Segue o nosso resumo conjunto de "${t}" — avisem-nos se faltar algo ou houver algum erro.`,
    sections: { discussed: "O que discutimos", decisions: "Decisões", commitments: "Próximos passos", questions: "Perguntas em aberto", objections: "Preocupações levantadas" },
    sides: { ours: "Nossa equipe", partner: "Parceiro", buyer: "Sua equipe", unknown: "A confirmar" },
    closing: "Atenciosamente,",
  },
};

export function formatDay(isoDate: string, lang: RecapLanguage, timeZone = "UTC"): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? new Date(`${isoDate}T12:00:00Z`) : new Date(isoDate);
  return new Intl.DateTimeFormat(T[lang].locale, { weekday: "long", day: "numeric", month: "long", timeZone: /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? "UTC" : timeZone }).format(d);
}
export const formatDue = (due: string, lang: RecapLanguage) => `(${T[lang].by} ${formatDay(due, lang)})`;
export const sectionTitle = (s: RecapSection, lang: RecapLanguage) => T[lang].sections[s];
export const sideTitle = (s: string | null | undefined, lang: RecapLanguage) => T[lang].sides[(s ?? "unknown") as keyof Template["sides"]] ?? T[lang].sides.unknown;

export interface FollowUpInput {
  language: RecapLanguage; title: string; startedAt: string; timezone: string;
  buyerNames: string[]; senderNames: string[];
  /** Already filtered for the buyer (no internal lines). */
  lines: RecapLine[];
}
export interface FollowUp { language: RecapLanguage; subject: string; text: string; html: string }

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Sections in recap order; next steps grouped by side (ours, partner, buyer). */
export function groupLines(lines: RecapLine[]): Array<{ section: RecapSection; groups: Array<{ side: string | null; lines: RecapLine[] }> }> {
  const order: RecapSection[] = ["discussed", "decisions", "commitments", "questions", "objections"];
  return order.map((section) => {
    const ls = lines.filter((l) => l.section === section);
    if (section !== "commitments") return { section, groups: [{ side: null, lines: ls }] };
    const sides = ["ours", "partner", "buyer", null] as const;
    return { section, groups: sides.map((side) => ({ side: side ?? "unknown", lines: ls.filter((l) => (l.side ?? null) === side) })).filter((g) => g.lines.length) };
  }).filter((s) => s.groups.some((g) => g.lines.length));
}

export function buildFollowUp(input: FollowUpInput): FollowUp {
  const t = T[input.language];
  const date = formatDay(input.startedAt, input.language, input.timezone);
  const subject = t.subject(input.title, date);
  const text: string[] = [t.greeting(input.buyerNames), "", t.intro(input.title, date), ""];
  const html: string[] = [`<p>${esc(t.greeting(input.buyerNames))}</p>`, `<p>${esc(t.intro(input.title, date))}</p>`];
  for (const s of groupLines(input.lines)) {
    text.push(t.sections[s.section]);
    html.push(`<h3>${esc(t.sections[s.section])}</h3>`);
    for (const g of s.groups) {
      if (s.section === "commitments") { text.push(`  ${sideTitle(g.side, input.language)}:`); html.push(`<p><strong>${esc(sideTitle(g.side, input.language))}</strong></p>`); }
      html.push("<ul>");
      for (const l of g.lines) { text.push(`  - ${l.text}`); html.push(`<li>${esc(l.text)}</li>`); }
      html.push("</ul>");
    }
    text.push("");
  }
  text.push(t.closing, input.senderNames.join(", "));
  html.push(`<p>${esc(t.closing)}<br>${esc(input.senderNames.join(", "))}</p>`);
  return { language: input.language, subject, text: text.join("\n"), html: `<!doctype html><html><body>${html.join("\n")}</body></html>` };
}
