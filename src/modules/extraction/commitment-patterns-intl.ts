// Spanish, German and Portuguese cues for undertakings. Speakers there commit in the present tense
// ("te lo mando mañana", "ich schicke es morgen"), so a subject pronoun, a clitic or a due phrase is required.
import type { Span } from "./text-spans.ts";
import type { CueMatch } from "./commitment-patterns.ts";

const L = "(?<![\\p{L}\\p{N}])";
const CLITICS = "(?:(?:te|os|le|les|se|lo|la|los|las|me|nos|lhe|lhes|o|a)\\s+){0,2}";
const DELIVERY_ES = "(?:mando|envío|envio|paso|preparo|hago|reviso|comparto|escribo|llamo|confirmo|reenvío|adjunto|hablo|organizo|monto|preparamos|mandamos|enviamos|pasamos|hacemos|revisamos|compartimos|montamos|organizamos|encargo|encargamos|ocupo|ocupamos|consigo|conseguimos|busco|cierro|agendo|coordino)";
const DELIVERY_PT = "(?:mando|envio|passo|preparo|faço|reviso|compartilho|escrevo|ligo|confirmo|encaminho|falo|organizo|mandamos|enviamos|preparamos|fazemos|cuido|cuidamos)";
const DELIVERY_DE = "(?:schicke|sende|schreibe|kümmere|melde|bereite|mache|prüfe|kläre|rufe|leite|organisiere|erstelle|liefere|schicken|senden|schreiben|kümmern|melden|bereiten|machen|prüfen|klären|erstellen|liefern|organisieren)";

interface IntlRule { re: RegExp; needsDue: boolean; subject: CueMatch["subject"] | "by-verb" }

const rules: IntlRule[] = [
  // es: "yo te preparo…", "nosotros nos encargamos…"
  { re: new RegExp(`${L}(yo|nosotros|nosotras)\\s+(?:también\\s+|mismo\\s+)?${CLITICS}(${DELIVERY_ES}|\\p{L}+(?:aré|eré|iré|aremos|eremos|iremos))(?![\\p{L}])`, "giu"), needsDue: false, subject: "by-verb" },
  { re: new RegExp(`${L}(me|nos)\\s+(encargo|encargamos|ocupo|ocupamos)(?![\\p{L}])`, "giu"), needsDue: false, subject: "by-verb" },
  // es future tense, 1st person: "te lo enviaré", "lo revisaremos"
  { re: new RegExp(`${L}()${CLITICS}(\\p{L}{3,}(?:aré|eré|iré|aremos|eremos|iremos))(?![\\p{L}])`, "giu"), needsDue: false, subject: "by-verb" },
  { re: new RegExp(`${L}()(?:te|os|le|les|se)\\s+(?:lo\\s+|la\\s+|los\\s+|las\\s+)?(${DELIVERY_ES})(?![\\p{L}])`, "giu"), needsDue: true, subject: "by-verb" },
  { re: new RegExp(`${L}()(voy|vamos)\\s+a\\s+(?:${CLITICS})?(\\p{L}+(?:ar|er|ir))(?![\\p{L}])`, "giu"), needsDue: true, subject: "by-verb" },
  // pt: "vou enviar", "eu mando", "te envio até sexta"
  { re: new RegExp(`${L}()(vou|vamos)\\s+(\\p{L}+(?:ar|er|ir))(?![\\p{L}])`, "giu"), needsDue: false, subject: "by-verb" },
  { re: new RegExp(`${L}(eu|nós)\\s+${CLITICS}(${DELIVERY_PT}|\\p{L}+(?:rei|remos))(?![\\p{L}])`, "giu"), needsDue: false, subject: "by-verb" },
  { re: new RegExp(`${L}()(?:te|lhe|lhes|vos)\\s+(${DELIVERY_PT})(?![\\p{L}])`, "giu"), needsDue: true, subject: "by-verb" },
  // de: "ich schicke", "schicke ich", "wir werden … senden"
  { re: new RegExp(`${L}(ich|wir)\\s+(?:(?:es|sie|ihnen|dir|euch|das|dann|gleich|noch|morgen|heute)\\s+){0,3}(${DELIVERY_DE}|werde|werden)(?![\\p{L}])`, "giu"), needsDue: false, subject: "by-verb" },
  { re: new RegExp(`${L}()(${DELIVERY_DE})\\s+(ich|wir)(?![\\p{L}])`, "giu"), needsDue: false, subject: "by-verb" },
];

const PLURAL = /(?:amos|emos|imos|remos|vamos|nós|nosotros|nosotras|wir|en)$/iu;

/** A first-person undertaking in es/de/pt, or null. */
export function matchIntlCue(s: Span, opts: { hasDue: boolean }): CueMatch | null {
  const t = s.lower;
  if (/[?¿]\s*$/.test(t) || /^\s*¿/.test(t)) return null;
  // Conditionals and hedges: "podríamos", "si queréis", "quizás", "vielleicht", "talvez".
  if (/(?<![\p{L}])(?:podríamos|podemos|podría|quizás|quizá|tal vez|vielleicht|könnten|talvez|poderíamos)(?![\p{L}])/iu.test(t)) return null;
  for (const r of rules) {
    r.re.lastIndex = 0;
    const m = r.re.exec(t);
    if (!m) continue;
    if (r.needsDue && !opts.hasDue) continue;
    const words = m.slice(1).filter(Boolean);
    const verb = words[words.length - 1] ?? "";
    const subjectWord = words.find((w) => /^(?:yo|nosotros|nosotras|eu|nós|ich|wir|me|nos|voy|vamos|vou)$/iu.test(w)) ?? verb;
    if (/^(?:seré|seremos|estaré|estaremos|habré|tendré|tendremos|veremos|verá)$/iu.test(verb)) continue;
    const subject = PLURAL.test(subjectWord) || /^nos$/i.test(subjectWord) ? "we" : "i";
    const verbStart = m.index + m[0].lastIndexOf(verb);
    return { start: m.index, verbStart: Math.max(m.index, verbStart), subject, verb, strength: 0.75 };
  }
  return null;
}

const NAMED_FUTURE = new RegExp(`^\\s+${CLITICS}(\\p{L}{3,}(?:rá|ará|erá|irá)|va\\s+a\\s+\\p{L}+(?:ar|er|ir)|vai\\s+\\p{L}+(?:ar|er|ir)|wird)(?![\\p{L}])`, "iu");

/** "Daniel os enviará la propuesta": the verb offset when the words after a name commit that person. */
export function matchIntlNamedCue(s: Span, nameEnd: number): { verbStart: number; verb: string } | null {
  const m = NAMED_FUTURE.exec(s.lower.slice(nameEnd));
  if (!m) return null;
  if (/^(?:será|estará|tendrá|habrá|podrá|querrá|verá)$/iu.test(m[1])) return null;
  return { verbStart: nameEnd + m[0].length - m[1].length, verb: m[1] };
}
