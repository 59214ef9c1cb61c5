// Pure rules that split an e-mail body into the sender's own words, the signature, and the
// quoted or forwarded history. Everything kept is an exact slice of the body, never rewritten.

const FORWARD_MARKERS = [
  /^\s*-{2,}\s*(?:Forwarded message|Mensaje reenviado|Weitergeleitete Nachricht|Message transféré|Mensagem encaminhada|Messaggio inoltrato|Doorgestuurd bericht)\s*-{2,}\s*$/i,
  /^\s*Begin forwarded message:?\s*$/i,
];
const ORIGINAL_MARKER = /^\s*-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Mensaje original|Message d'origine|Mensagem original|Messaggio originale|Oorspronkelijk bericht)\s*-{2,}\s*$/i;
const HEADER_FROM = /^\s*\*?(?:From|De|Von|Van|Da)\*?:\s*\S/i;
const HEADER_SENT = /^\s*\*?(?:Sent|Date|Enviado|Gesendet|Envoyé|Fecha|Data|Datum|Verzonden|Inviato)\*?:\s*\S/i;
const ON_WROTE = /^\s*(?:On|El|Am|Le|Em|Il|Op)\s.{3,300}(?:wrote|escribió|schrieb|a écrit|escreveu|ha scritto|schreef)\s*:\s*$/i;
const ON_WROTE_START = /^\s*(?:On|El|Am|Le|Em|Il|Op)\s.{3,200}$/;
const WROTE_END = /(?:wrote|escribió|schrieb|a écrit|escreveu|ha scritto|schreef)\s*:\s*$/i;
const SIGN_OFF = /^\s*(?:best|best regards|kind regards|warm regards|warmly|regards|cheers|thanks|thank you|thanks again|thanks both|thanks all|many thanks|all the best|sincerely|talk soon|speak soon|un saludo|saludos|un abrazo|atentamente|gracias|muchas gracias|mit freundlichen grüßen|viele grüße|beste grüße|liebe grüße|grüße|gruß|danke|cordialement|bien à vous|merci|abraços|atenciosamente|obrigado|obrigada|cordiali saluti|grazie|met vriendelijke groet|groeten)\s*[,.!]?\s*$/i;

export type HistoryKind = "forward" | "original" | "outlook" | "on-wrote" | null;

export interface SplitEmailBody {
  bodyText: string;
  /** 0-based index (in the body's lines) where each own-words line sits: used to place utterances. */
  bodyLines: Array<{ index: number; text: string }>;
  signature: string | null;
  quotedText: string | null;
  historyKind: HistoryKind;
  /** The lines after a forward marker, when there is one: header block then body. */
  historyLines: string[];
}

/** Find where the quoted or forwarded history starts, if anywhere. */
function findHistoryStart(lines: string[]): { index: number; kind: HistoryKind } {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (FORWARD_MARKERS.some((re) => re.test(line))) return { index: i, kind: "forward" };
    if (ORIGINAL_MARKER.test(line)) return { index: i, kind: "original" };
    if (ON_WROTE.test(line)) return { index: i, kind: "on-wrote" };
    if (ON_WROTE_START.test(line) && i + 1 < lines.length && WROTE_END.test(lines[i + 1]) && !ON_WROTE_START.test(lines[i + 1])) {
      return { index: i, kind: "on-wrote" };
    }
    if (HEADER_FROM.test(line)) {
      // Outlook's reply/forward block: "From: ... / Sent: ... / To: ... / Subject: ..." (maybe under a rule).
      const window = lines.slice(i + 1, i + 6);
      if (window.some((l) => HEADER_SENT.test(l))) {
        const ruled = i > 0 && /^\s*_{5,}\s*$/.test(lines[i - 1]);
        return { index: ruled ? i - 1 : i, kind: "outlook" };
      }
    }
  }
  return { index: lines.length, kind: null };
}

/** Where the signature starts in the own-words lines, or -1. Only clear signature blocks count. */
function findSignatureStart(lines: string[], senderName: string | null): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^--\s?$/.test(lines[i])) return i;
  }
  const lastNonBlank = lastIndexWhere(lines, (l) => l.trim() !== "");
  if (lastNonBlank < 0) return -1;
  const blockStart = lastIndexWhere(lines.slice(0, lastNonBlank + 1), (l) => l.trim() === "") + 1;
  const block = lines.slice(blockStart, lastNonBlank + 1);
  const isShortBlock = block.length <= 8 && block.every((l) => l.trim().length <= 90);
  // Sentences ("P.S. The deck is attached.") are the sender's words, never a signature.
  const hasSentence = block.some((l) => /^\s*p\.?\s?s\b/i.test(l) || (/[.?!]$/.test(l.trim()) && l.trim().split(/\s+/).length >= 5));
  if (!isShortBlock || hasSentence || blockStart === 0) return -1;
  // A final block that opens with the sender's full name is a signature ("Raj Patel | Director").
  if (senderName && senderName.includes(" ") && block[0].trim().toLowerCase().startsWith(senderName.toLowerCase())) return blockStart;
  // A final block right after "Thanks,\nName" that looks like contact details (phone, title, pipe).
  const beforeBlock = lines.slice(0, blockStart).filter((l) => l.trim() !== "");
  const signOffIndex = beforeBlock.findLastIndex((l) => SIGN_OFF.test(l));
  const isAfterSignOff = signOffIndex >= 0 && beforeBlock.length - signOffIndex <= 2;
  const looksLikeContact = block.some((l) => /(?:\+?\d[\d\s().-]{6,}\d)|\||@|www\.|https?:/.test(l)) || block.length >= 2;
  return isAfterSignOff && looksLikeContact ? blockStart : -1;
}

function lastIndexWhere<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}

export function splitEmailBody(text: string, senderName: string | null): SplitEmailBody {
  const lines = text.split("\n");
  const history = findHistoryStart(lines);
  const own = lines.slice(0, history.index);
  const historyLines = lines.slice(history.index);
  // Inline "> quoted" lines inside the own part also count as history.
  const quotedInline: string[] = [];
  const ownKept: Array<{ index: number; text: string }> = [];
  own.forEach((l, index) => {
    if (/^\s*>/.test(l)) quotedInline.push(l);
    else ownKept.push({ index, text: l });
  });
  const signatureStart = findSignatureStart(ownKept.map((l) => l.text), senderName);
  const bodyLines = signatureStart >= 0 ? ownKept.slice(0, signatureStart) : ownKept;
  const signature = signatureStart >= 0 ? ownKept.slice(signatureStart).map((l) => l.text).join("\n").trim() : null;
  const quoted = [...quotedInline, ...historyLines].join("\n").trim();
  return {
    bodyText: bodyLines.map((l) => l.text).join("\n").trim(),
    bodyLines,
    signature: signature || null,
    quotedText: quoted || null,
    historyKind: history.kind,
    historyLines,
  };
}

/** Paragraphs (blank-line separated) of the own words, with the body line index each starts at. */
export function splitParagraphs(bodyLines: Array<{ index: number; text: string }>): Array<{ index: number; text: string }> {
  const out: Array<{ index: number; text: string }> = [];
  let current: Array<{ index: number; text: string }> = [];
  const flush = () => {
    const text = current.map((l) => l.text).join("\n").trim();
    if (text) out.push({ index: current.find((l) => l.text.trim() !== "")?.index ?? current[0].index, text });
    current = [];
  };
  let previousIndex = -2;
  for (const l of bodyLines) {
    // A removed "> quote" line between two own lines also ends a paragraph.
    if (l.text.trim() === "" || l.index !== previousIndex + 1) flush();
    if (l.text.trim() !== "") current.push(l);
    previousIndex = l.index;
  }
  flush();
  return out;
}

/** Read an inner header block ("From: ...", "Date: ...") that opens forwarded history. */
export function readInnerHeaders(historyLines: string[]): { headers: Record<string, string>; bodyStart: number } {
  const headers: Record<string, string> = {};
  let i = 0;
  // Skip the marker line(s) and blank lines before the header block.
  while (i < historyLines.length && !/^\s*\*?[A-Za-zÀ-ÿ-]{2,20}\*?:\s/.test(historyLines[i])) {
    if (i > 3) return { headers, bodyStart: 0 };
    i++;
  }
  let lastKey: string | null = null;
  for (; i < historyLines.length; i++) {
    const line = historyLines[i];
    if (line.trim() === "") break;
    const m = /^\s*\*?([A-Za-zÀ-ÿ-]{2,20})\*?:\s*(.*)$/.exec(line);
    if (m) {
      lastKey = m[1].toLowerCase();
      headers[lastKey] = m[2].trim();
    } else if (lastKey) {
      headers[lastKey] = `${headers[lastKey]} ${line.trim()}`;
    }
  }
  return { headers, bodyStart: i };
}
