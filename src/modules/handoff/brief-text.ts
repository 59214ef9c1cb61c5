// Turns an email body into the pieces the brief rules read: the message's own prose,
// its signature, an inline forwarded message (when the parser left one in the text),
// and sentences with their paragraph. Pure, no I/O.
import type { EmailAddress } from "../conversations/conversation.ts";

export interface InlineForward {
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  subject: string | null;
  /** The inner Date line as written, reduced to YYYY-MM-DD when it can be read. */
  dateYmd: string | null;
  bodyText: string;
}

export interface BodyParts {
  main: string;
  signature: string | null;
}

export interface Sentence {
  text: string;
  paragraph: number;
  /** Index among all sentences of this message. */
  index: number;
}

/** Strip tags when a body arrives as HTML (HTML-only mail whose parser gave us markup). */
export function convertHtmlToText(text: string): string {
  if (!/<(p|div|br|html|body|span|td)\b[^>]*>/i.test(text)) return text;
  return text
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|tr|li|h\d)>/gi, "\n\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n");
}

const FORWARD_MARKER =
  /^\s*(?:-{2,}\s*(?:forwarded message|original message|mensaje reenviado|mensaje original|weitergeleitete nachricht|urspr[üu]ngliche nachricht|mensagem encaminhada|mensagem original|message transf[ée]r[ée]|messaggio inoltrato)\s*-*|begin forwarded message:|inicio del mensaje reenviado:|anfang der weitergeleiteten nachricht:|in[íi]cio da mensagem encaminhada:)\s*$/im;

const HEADER_KEYS: Record<string, "from" | "to" | "cc" | "subject" | "date"> = {
  from: "from", de: "from", von: "from", van: "from", da: "from",
  to: "to", para: "to", an: "to", "à": "to", a: "to",
  cc: "cc", kopie: "cc",
  subject: "subject", asunto: "subject", betreff: "subject", assunto: "subject", objet: "subject", oggetto: "subject",
  date: "date", sent: "date", fecha: "date", enviado: "date", datum: "date", gesendet: "date", data: "date", envoy: "date",
};

/** "Carla Mendes <cmendes@x.org>, Bo <bo@y.com>" → addresses. */
export function parseAddressList(value: string): EmailAddress[] {
  const out: EmailAddress[] = [];
  const re = /(?:"?([^"<>,;]*?)"?\s*)?<([^<>\s]+@[^<>\s]+)>|([^\s<>,;]+@[^\s<>,;]+)/g;
  for (const m of value.matchAll(re)) {
    const address = (m[2] ?? m[3] ?? "").replace(/^mailto:/i, "").toLowerCase();
    const name = m[1]?.trim() || null;
    if (address) out.push({ name, address });
  }
  return out;
}

const MONTHS_EN = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Reads the date as the sender's client wrote it ("Fri, Feb 6, 2026 at 11:04 AM", "6 Feb 2026 ..."). */
export function parseWrittenDate(value: string): string | null {
  const iso = /(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const mdy = /\b([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})/.exec(value);
  const dmy = /\b(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})/.exec(value);
  const pick = mdy ? { mon: mdy[1], day: mdy[2], year: mdy[3] } : dmy ? { mon: dmy[2], day: dmy[1], year: dmy[3] } : null;
  if (pick) {
    const mi = MONTHS_EN.indexOf(pick.mon.toLowerCase());
    if (mi >= 0) return `${pick.year}-${String(mi + 1).padStart(2, "0")}-${pick.day.padStart(2, "0")}`;
  }
  const num = /\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b/.exec(value);
  // Numeric dates in forward headers of European clients are day-first.
  if (num) return `${num[3]}-${num[2].padStart(2, "0")}-${num[1].padStart(2, "0")}`;
  return null;
}

/** Splits "own words ... ---- Forwarded message ---- headers body" into the two messages. */
export function splitInlineForward(text: string): { own: string; forward: InlineForward | null } {
  const m = FORWARD_MARKER.exec(text);
  if (!m) return { own: text, forward: null };
  const own = text.slice(0, m.index);
  const rest = text.slice(m.index + m[0].length).replace(/^\s*\n/, "");
  const lines = rest.split("\n");
  const fwd: InlineForward = { from: null, to: [], cc: [], subject: null, dateYmd: null, bodyText: "" };
  let i = 0;
  let lastKey: string | null = null;
  for (; i < lines.length; i++) {
    const line = lines[i].replace(/^>\s?/, "");
    if (!line.trim()) { if (lastKey) { i++; break; } continue; }
    const h = /^\*?([A-Za-zÀ-ÿ]+)\*?\s*:\s*(.*)$/.exec(line);
    const key = h ? HEADER_KEYS[h[1].toLowerCase()] : undefined;
    if (h && key) {
      lastKey = key;
      const v = h[2].trim();
      if (key === "from") fwd.from = parseAddressList(v)[0] ?? { name: v || null, address: "" };
      else if (key === "to") fwd.to.push(...parseAddressList(v));
      else if (key === "cc") fwd.cc.push(...parseAddressList(v));
      else if (key === "subject") fwd.subject = v || null;
      else fwd.dateYmd = parseWrittenDate(v);
    } else if (lastKey && /^\s/.test(lines[i]) && (lastKey === "to" || lastKey === "cc")) {
      fwd[lastKey].push(...parseAddressList(line));
    } else break;
  }
  fwd.bodyText = lines.slice(i).map((l) => l.replace(/^>\s?/, "")).join("\n").trim();
  return { own, forward: fwd };
}

const SIGN_OFF =
  /^(thanks|thank you|many thanks|thanks (both|all|again)|best|best regards|kind regards|regards|warm regards|cheers|all the best|sincerely|talk soon|un saludo|saludos|un abrazo|atentamente|gracias|muchas gracias|viele gr[üu][ßs]e|beste gr[üu][ßs]e|mit freundlichen gr[üu][ßs]en|lg|gr[üu][ßs]e|abra[çc]os?|atenciosamente|obrigad[oa]|cumprimentos|cordialement|bien [àa] vous|merci)\b[\s\S]{0,20}$/i;

/** Splits off the sign-off and signature: "Thanks,\nRaj\n\n--\nRaj Patel | ..." */
export function splitSignature(text: string): BodyParts {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const isDashes = /^--\s*$|^__+$/.test(line);
    const isSignOff = SIGN_OFF.test(line) && line.split(/\s+/).length <= 4 && !/[.?]$/.test(line) && i > 0;
    if (isDashes || isSignOff) {
      return { main: lines.slice(0, i).join("\n").trim(), signature: lines.slice(i).join("\n").trim() || null };
    }
  }
  // No sign-off: a trailing paragraph of short lines that ends in a lone first name is the signature.
  const paras = text.trim().split(/\n\s*\n/);
  if (paras.length > 1) {
    const tail = paras.slice(-2);
    const isNameBlock = (p: string) => p.split("\n").every((l) => l.trim().length < 60) && !/[.?!]\s*$/.test(p.trim());
    const lastIdx = tail.findIndex(isNameBlock);
    if (lastIdx >= 0 && /^[A-Z][\p{L}'-]+$/u.test(tail[lastIdx].split("\n")[0].trim())) {
      const keep = paras.length - tail.length + lastIdx;
      return { main: paras.slice(0, keep).join("\n\n").trim(), signature: paras.slice(keep).join("\n\n").trim() };
    }
  }
  return { main: text.trim(), signature: null };
}

const ABBREVIATIONS = /\b(?:dr|mr|mrs|ms|prof|sr|sra|jr|st|inc|co|corp|ltd|vs|etc|e\.g|i\.e|approx|no|dept|fig|u\.s|sres?|hr|ca|z\.b|bzw|usw)\.$/i;

/** Paragraphs unwrapped (hard line breaks joined) and cut into sentences. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const paragraphs = text.replace(/\r\n?/g, "\n").split(/\n\s*\n/);
  paragraphs.forEach((para, pi) => {
    const flat = para.split("\n").map((l) => l.trim()).filter(Boolean).join(" ").replace(/\s+/g, " ").trim();
    if (!flat) return;
    let start = 0;
    const re = /[.!?]+["')\]]?(?=\s+["'(¿¡]?[\p{Lu}\d])/gu;
    for (const m of flat.matchAll(re)) {
      const end = m.index + m[0].length;
      const candidate = flat.slice(start, end);
      // "Dr." and initials don't end sentences, nor German ordinals ("ab dem 1. Januar").
      if (ABBREVIATIONS.test(candidate) || /\b\p{Lu}\.$/u.test(candidate) || /(?:^|\s)\d{1,2}\.$/.test(candidate)) continue;
      out.push({ text: candidate.trim(), paragraph: pi, index: out.length });
      start = end;
    }
    const tail = flat.slice(start).trim();
    if (tail) out.push({ text: tail, paragraph: pi, index: out.length });
  });
  return out;
}

/** "Hi Lauren," / "Priya, Dana," / "Hola Daniel, hola Elena:" — a greeting, not content. */
export function isSalutation(sentence: string): boolean {
  const s = sentence.trim();
  if (s.split(/\s+/).length > 7) return false;
  if (/[,:]$/.test(s)) return true;
  return /^(hi|hello|hey|dear|hola|estimad[oa]s?|hallo|liebe[r]?|sehr geehrte[r]?|ol[áa]|oi|prezad[oa]s?|bonjour|ciao)\b/i.test(s) && !/[.?!]$/.test(s);
}
