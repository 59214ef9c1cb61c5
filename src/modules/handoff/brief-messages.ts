// Decides which message in a (possibly forwarded) intro is the partner's introduction,
// and prepares each message's prose, signature and sentences. Pure, no I/O.
import type { Side } from "../../shared/sides.ts";
import type { EmailAddress, ParsedEmailMeta } from "../conversations/conversation.ts";
import type { BriefOrg, BriefPerson } from "./deal-brief.ts";
import { getDomain, isDomainOf } from "./deal-brief.ts";
import type { Sentence } from "./brief-text.ts";
import { convertHtmlToText, isSalutation, splitInlineForward, splitSentences, splitSignature } from "./brief-text.ts";
import { toZonedYmd } from "../../shared/zoned-date.ts";

export interface MessageView {
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  subject: string | null;
  dateYmd: string | null;
  /** The prose without greeting lines, sign-off and signature. */
  main: string;
  signature: string | null;
  sentences: Sentence[];
  isInner: boolean;
}

export interface IntroMessages {
  /** The partner's introduction itself. */
  intro: MessageView;
  /** Every message whose words describe the deal: the intro first. */
  context: MessageView[];
}

export type SideOf = (address: string | null | undefined) => Side | null;

export function createSideOf(orgs: BriefOrg[], people: BriefPerson[], workspaceDomains: string[]): SideOf {
  return (address) => {
    if (!address) return null;
    const a = address.toLowerCase();
    const person = people.find((p) => p.emails.some((e) => e.toLowerCase() === a));
    if (person) return person.side;
    const domain = getDomain(a);
    if (workspaceDomains.some((d) => isDomainOf(domain, d))) return "ours";
    const org = orgs.find((o) => o.domains.some((d) => isDomainOf(domain, d)));
    return org?.side ?? null;
  };
}

function buildView(meta: Omit<ParsedEmailMeta, "forwarded">, dateYmd: string | null, isInner: boolean): MessageView {
  const text = convertHtmlToText(meta.bodyText ?? "");
  const split = splitSignature(text);
  const main = split.main;
  // The parser may already have split the signature off; keep whichever parts we have.
  const signature = [split.signature, meta.signature].filter((x): x is string => !!x?.trim()).join("\n\n") || null;
  const sentences = splitSentences(main).filter((s) => !isSalutation(s.text));
  sentences.forEach((s, i) => { s.index = i; });
  return {
    from: meta.from, to: meta.to ?? [], cc: meta.cc ?? [], subject: meta.subject,
    dateYmd, main, signature, sentences, isInner,
  };
}

function toYmd(iso: string | null, timezone: string): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : toZonedYmd(d, timezone);
}

/**
 * The outer message is the intro unless one of ours forwarded the partner's mail (to
 * intros@, to a colleague): then the inner message is the intro. A partner forwarding
 * the buyer's own note is still the partner's intro, with the buyer's note as context.
 */
export function selectIntroMessages(email: ParsedEmailMeta, sideOf: SideOf, timezone: string): IntroMessages {
  const raw = convertHtmlToText(email.bodyText ?? "");
  let inner: MessageView | null = null;
  let outerMeta: Omit<ParsedEmailMeta, "forwarded"> = email;
  if (email.forwarded) {
    inner = buildView(email.forwarded, toYmd(email.forwarded.date, timezone), true);
  } else {
    // The parser may leave a forward inline (in the body or in the split-off quote).
    const fromBody = splitInlineForward(raw);
    const fromQuote = !fromBody.forward && email.quotedText ? splitInlineForward(email.quotedText) : null;
    const fwd = fromBody.forward ?? fromQuote?.forward ?? null;
    if (fwd) {
      outerMeta = { ...email, bodyText: fromBody.forward ? fromBody.own : raw };
      inner = buildView({
        subject: fwd.subject, date: null, messageId: null, inReplyTo: null, references: [],
        from: fwd.from, to: fwd.to, cc: fwd.cc, bodyText: fwd.bodyText, quotedText: null,
      }, fwd.dateYmd, true);
    }
  }
  const outer = buildView(outerMeta, toYmd(email.date, timezone), false);
  if (!inner) return { intro: outer, context: [outer] };
  const outerSide = sideOf(email.from?.address);
  const innerSide = sideOf(inner.from?.address);
  const isOursForwarding = outerSide === "ours" || (outerSide === null && innerSide === "partner");
  const isThinOuter = outer.sentences.length <= 1 && innerSide !== "buyer";
  if (isOursForwarding || isThinOuter) {
    if (!inner.dateYmd) inner.dateYmd = outer.dateYmd;
    return { intro: inner, context: [inner] };
  }
  return { intro: outer, context: [outer, inner] };
}
