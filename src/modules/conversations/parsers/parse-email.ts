// E-mail (.eml) via mailparser: metadata, the sender's own words as utterances, history split off.
import { simpleParser } from "mailparser";
import type { AddressObject, ParsedMail } from "mailparser";
import { AppError } from "../../../shared/errors.ts";
import type { EmailAddress, ParsedConversation, ParsedEmailMeta, ParsedUtterance, ParseWarning } from "../conversation.ts";
import { fail } from "./source-text.ts";
import { readInnerHeaders, splitEmailBody, splitParagraphs } from "./split-email-body.ts";

const FORWARD_SUBJECT = /^\s*(?:fwd?|fw|tr|wg|rv|enc|i)\s*:/i;

function toAddresses(value: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const out: EmailAddress[] = [];
  for (const o of objects) {
    for (const a of o.value) {
      if (a.address) out.push({ name: a.name ? a.name : null, address: a.address.toLowerCase() });
      for (const g of a.group ?? []) if (g.address) out.push({ name: g.name || null, address: g.address.toLowerCase() });
    }
  }
  return out;
}

/** Parse "Name <a@b>, c@d" as found in forwarded header blocks. */
export function parseAddressList(raw: string | undefined): EmailAddress[] {
  if (!raw) return [];
  const out: EmailAddress[] = [];
  const re = /\s*(?:"?([^"<,]*?)"?\s*)?<?([^\s<>,;"]+@[^\s<>,;"]+)>?\s*[,;]?/g;
  for (const m of raw.matchAll(re)) {
    const name = (m[1] ?? "").replace(/^mailto:/, "").trim();
    out.push({ name: name && !name.includes("@") ? name : null, address: m[2].replace(/^mailto:/i, "").toLowerCase() });
  }
  if (out.length === 0 && raw.trim()) out.push({ name: raw.trim(), address: "" });
  return out;
}

/** Keep the sender's UTC offset: "by Friday" is resolved in the writer's week, not UTC's. */
export function formatEmailDate(date: Date | undefined, rawHeader: string | undefined): string | null {
  if (!date || Number.isNaN(date.getTime())) return null;
  const offset = rawHeader ? /([+-])(\d{2})(\d{2})(?:\s*\([^)]*\))?\s*$/.exec(rawHeader.trim()) : null;
  if (!offset) return date.toISOString();
  const sign = offset[1] === "-" ? -1 : 1;
  const minutes = sign * (Number(offset[2]) * 60 + Number(offset[3]));
  const local = new Date(date.getTime() + minutes * 60_000).toISOString().slice(0, 19);
  return `${local}${offset[1]}${offset[2]}:${offset[3]}`;
}

function readInnerDate(raw: string | undefined): string | null {
  if (!raw) return null;
  // Gmail writes "Fri, Feb 6, 2026 at 11:04 AM": drop the " at " so Date can read it.
  const cleaned = raw.replace(/\sat\s/, " ").replace(/\s*\([^)]*\)\s*$/, "").trim();
  const parsed = new Date(cleaned);
  if (Number.isNaN(parsed.getTime())) return null;
  const hasZone = /(?:[+-]\d{4}|\b(?:GMT|UTC|UT|Z|[ECMP][SD]T)\b)\s*$/i.test(cleaned);
  if (hasZone) return formatEmailDate(parsed, cleaned);
  // No zone in the quoted header: keep the wall-clock time as written, without inventing an offset.
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${parsed.getFullYear()}-${pad(parsed.getMonth() + 1)}-${pad(parsed.getDate())}T${pad(parsed.getHours())}:${pad(parsed.getMinutes())}:${pad(parsed.getSeconds())}`;
}

function headerText(mail: ParsedMail, key: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === key);
  return line ? line.line.slice(line.line.indexOf(":") + 1).trim() : undefined;
}

export async function parseEmail(content: Buffer | string, file: string): Promise<ParsedConversation> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(content, { skipImageLinks: true, skipTextToHtml: true });
  } catch (cause) {
    if (cause instanceof AppError) throw cause;
    throw new AppError("INVALID_INPUT", `${file}: not a parseable e-mail`, { details: [{ file, line: 1, message: String(cause).slice(0, 200) }], cause });
  }
  const from = toAddresses(mail.from)[0] ?? null;
  if (!from && !mail.subject && !mail.messageId) fail(file, 1, "not an e-mail: no From, Subject or Message-ID header");
  const warnings: ParseWarning[] = [];
  const text = (mail.text ?? "").replace(/\r\n?/g, "\n");
  const split = splitEmailBody(text, from?.name ?? null);
  const subject = mail.subject ?? null;
  const references = mail.references === undefined ? [] : Array.isArray(mail.references) ? mail.references : [mail.references];

  let forwarded: ParsedEmailMeta["forwarded"] = null;
  const isForward = split.historyKind === "forward" || ((split.historyKind === "original" || split.historyKind === "outlook") && FORWARD_SUBJECT.test(subject ?? ""));
  if (isForward) {
    const { headers, bodyStart } = readInnerHeaders(split.historyLines);
    const innerFrom = parseAddressList(headers.from ?? headers.de ?? headers.von)[0] ?? null;
    const inner = splitEmailBody(split.historyLines.slice(bodyStart).join("\n"), innerFrom?.name ?? null);
    forwarded = {
      subject: headers.subject ?? headers.asunto ?? headers.betreff ?? null,
      date: readInnerDate(headers.date ?? headers.sent ?? headers.fecha ?? headers.gesendet),
      messageId: null,
      inReplyTo: null,
      references: [],
      from: innerFrom,
      to: parseAddressList(headers.to ?? headers.para ?? headers.an),
      cc: parseAddressList(headers.cc),
      bodyText: inner.bodyText,
      quotedText: inner.quotedText,
      signature: inner.signature,
    };
  }

  const email: ParsedEmailMeta = {
    subject,
    date: formatEmailDate(mail.date, headerText(mail, "date")),
    messageId: mail.messageId ?? null,
    inReplyTo: mail.inReplyTo ?? null,
    references,
    from,
    to: toAddresses(mail.to),
    cc: toAddresses(mail.cc),
    bodyText: split.bodyText,
    quotedText: split.quotedText,
    signature: split.signature,
    forwarded,
  };

  const label = from ? (from.name ?? from.address) : null;
  const sourceLines = (typeof content === "string" ? content : content.toString("utf8")).replace(/\r\n?/g, "\n").split("\n");
  const locate = createLineLocator(sourceLines);
  const utterances: ParsedUtterance[] = splitParagraphs(split.bodyLines).map((p, seq) => ({
    seq,
    speakerLabel: label,
    startMs: 0,
    endMs: 0,
    text: p.text,
    line: locate(p.text.split("\n")[0]),
  }));
  if (utterances.length === 0) warnings.push({ line: 0, message: "e-mail has no own words (empty, or only quoted history)" });
  return { format: "email", utterances, email, warnings };
}

/**
 * Find the 1-based .eml line where a paragraph starts, searching forward from the last hit so
 * repeated lines map in order. Encoded bodies (quoted-printable, base64) do not match: 0.
 */
function createLineLocator(sourceLines: string[]): (firstLine: string) => number {
  let cursor = Math.max(0, sourceLines.findIndex((l) => l.trim() === ""));
  return (firstLine) => {
    const wanted = firstLine.trim();
    for (let i = cursor; i < sourceLines.length; i++) {
      if (sourceLines[i].trim() === wanted) {
        cursor = i + 1;
        return i + 1;
      }
    }
    return 0;
  };
}
