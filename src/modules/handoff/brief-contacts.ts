// Who is who in an intro: the partner contact (the sender), the buyer contact (the
// person being introduced) and both companies. Pure, no I/O.
import type { EmailAddress } from "../conversations/conversation.ts";
import type { BriefOrg, BriefPerson, Field } from "./deal-brief.ts";
import { emptyField, getDomain, isDomainOf, makeField } from "./deal-brief.ts";
import type { MessageView, SideOf } from "./brief-messages.ts";
import {
  cleanDisplayName, findNameMentions, findTitleInSignature, findTitleInText, guessCompanyFromDomain,
  foldName, guessNameFromEmail, listCapitalRuns, scoreDomainMatch,
} from "./brief-names.ts";

export interface ResolvedContacts {
  buyer: { name: Field<string | null>; email: Field<string | null>; title: Field<string | null> };
  buyerCompany: Field<string | null>;
  partner: { name: Field<string | null>; email: Field<string | null> };
  partnerCompany: Field<string | null>;
}

interface ContactsInput {
  intro: MessageView;
  context: MessageView[];
  orgs: BriefOrg[];
  people: BriefPerson[];
  sideOf: SideOf;
}

const ROLE_MAILBOX = /^(intros?|sales|partners?|partnerships|alliances|info|hello|team|noreply|no-reply|support|deals|crm|bcc)[@+]/i;

const headerQuote = (a: EmailAddress) => (a.name ? `${a.name} <${a.address}>` : a.address);

function findPerson(people: BriefPerson[], address: string | null | undefined): BriefPerson | null {
  if (!address) return null;
  return people.find((p) => p.emails.some((e) => e.toLowerCase() === address.toLowerCase())) ?? null;
}

function nameFromSignature(signature: string | null, address: string): string | null {
  if (!signature) return null;
  const guess = guessNameFromEmail(address)?.toLowerCase();
  const local = address.split("@")[0].toLowerCase();
  for (const line of signature.split("\n")) {
    const first = line.split(/\s*[|•·,]\s*/)[0].trim();
    if (!/^[\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+){1,2}$/u.test(first)) continue;
    const parts = foldName(first).split(/\s+/);
    // "jromero" ↔ "Jess Romero": the local part must spell the name somehow.
    if (first.toLowerCase() === guess || parts.some((p) => p.length > 2 && local.includes(p))) return first;
  }
  return null;
}

function resolvePersonName(a: EmailAddress, people: BriefPerson[], texts: string[], signature: string | null): Field<string | null> {
  const known = findPerson(people, a.address);
  if (known) return makeField(known.name, 0.95, headerQuote(a), "header");
  const display = cleanDisplayName(a.name);
  if (display && /\s/.test(display)) return makeField(display, 0.9, headerQuote(a), "header");
  const sig = nameFromSignature(signature, a.address);
  if (sig) return makeField(sig, 0.8, sig, "signature");
  const local = a.address.split("@")[0].toLowerCase();
  for (const t of texts) {
    const hit = findNameMentions(t).find((m) => {
      const parts = foldName(m.name).split(/\s+/);
      return (display && parts[0] === foldName(display)) || parts.every((p) => local.includes(p)) ||
        (parts.length > 1 && local === parts[0][0] + parts[parts.length - 1]);
    });
    if (hit) return makeField(hit.name, 0.7, hit.name, "body");
  }
  const guess = guessNameFromEmail(a.address) ?? display;
  return makeField(guess, guess ? 0.5 : 0, headerQuote(a), "header");
}

function inferCompany(domain: string | null, sources: Array<{ text: string; source: "body" | "signature" | "header" }>, hint: string | null): Field<string | null> {
  if (domain) {
    let best: { run: string; score: number; source: "body" | "signature" | "header" } | null = null;
    for (const s of sources) {
      // Any tail of a run may be the name: "OEM Channel Manager Dunmore Compressor Works".
      const runs = listCapitalRuns(s.text).flatMap((r) => r.split(" ").map((_, i, w) => w.slice(i).join(" ")));
      for (const run of runs) {
        const score = scoreDomainMatch(run, domain);
        const better = !best || score > best.score || (score === best.score && run.length > best.run.length);
        if (score >= 0.6 && better) best = { run, score, source: s.source };
      }
    }
    if (best) return makeField(best.run, 0.5 + best.score * 0.4, best.run, best.source);
  }
  if (hint) return makeField(hint, 0.6, hint, "body");
  if (domain) return makeField(guessCompanyFromDomain(domain), 0.3, null);
  return emptyField(null);
}

function findOrgName(orgs: BriefOrg[], domain: string | null, side: "buyer" | "partner"): string | null {
  const byDomain = orgs.find((o) => o.domains.some((d) => isDomainOf(domain, d)));
  if (byDomain) return byDomain.name;
  const ofSide = orgs.filter((o) => o.side === side);
  return ofSide.length === 1 ? ofSide[0].name : null;
}

function scoreBuyerCandidate(a: EmailAddress, input: ContactsInput, texts: string): number {
  const side = input.sideOf(a.address);
  let score = side === "buyer" ? 3 : 1;
  const name = findPerson(input.people, a.address)?.name ?? cleanDisplayName(a.name) ?? guessNameFromEmail(a.address);
  if (name) {
    const first = name.split(/\s+/)[0];
    const mentions = findNameMentions(texts).filter((m) => m.name.startsWith(first));
    if (mentions.some((m) => m.isIntroduced)) score += 2;
    if (mentions.length || new RegExp(`\\b${first}\\b`).test(texts)) score += 1;
  }
  return score;
}

export function resolveContacts(input: ContactsInput): ResolvedContacts {
  const { intro, context, orgs, people, sideOf } = input;
  const texts = context.map((m) => m.main);
  const allText = texts.join("\n\n");

  // Partner: the intro's sender.
  const sender = intro.from;
  const partnerDomain = getDomain(sender?.address);
  const partner = sender
    ? { name: resolvePersonName(sender, people, texts, intro.signature), email: makeField<string | null>(sender.address || null, 0.95, headerQuote(sender), "header") }
    : { name: emptyField<string | null>(null), email: emptyField<string | null>(null) };
  const partnerOrg = findOrgName(orgs, partnerDomain, "partner");
  const partnerCompany = partnerOrg
    ? makeField<string | null>(partnerOrg, 0.95, null)
    : inferCompany(partnerDomain, [
      ...(intro.signature ? [{ text: intro.signature, source: "signature" as const }] : []),
      { text: intro.main, source: "body" as const },
    ], null);

  // Buyer: someone addressed (or the forwarded note's author) who is neither us nor the partner.
  const addresses: EmailAddress[] = [];
  for (const m of context) {
    const list = m === intro ? [...m.to, ...m.cc] : [...(m.from ? [m.from] : []), ...m.to, ...m.cc];
    for (const a of list) if (a.address && !addresses.some((x) => x.address === a.address)) addresses.push(a);
  }
  // "Patrícia Gomes (patricia.gomes@x.com)": a buyer not on the thread, with the address in the text.
  for (const m of allText.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)) {
    const address = m[0].toLowerCase().replace(/\.$/, "");
    if (!addresses.some((x) => x.address === address)) addresses.push({ name: null, address });
  }
  const candidates = addresses.filter((a) => {
    const side = sideOf(a.address);
    const domain = getDomain(a.address);
    return side !== "ours" && side !== "partner" && !ROLE_MAILBOX.test(a.address) &&
      !(partnerDomain && domain === partnerDomain && side !== "buyer");
  });
  let best: EmailAddress | null = null;
  let bestScore = -1;
  for (const a of candidates) {
    const s = scoreBuyerCandidate(a, input, allText);
    if (s > bestScore) { best = a; bestScore = s; }
  }

  let buyerName: Field<string | null>;
  let buyerEmail: Field<string | null>;
  if (best) {
    const sigOfAuthor = context.find((m) => m.from?.address === best.address)?.signature ?? null;
    buyerName = resolvePersonName(best, people, texts, sigOfAuthor);
    buyerEmail = makeField<string | null>(best.address, 0.9, headerQuote(best), "header");
  } else {
    // Buyer not on the thread: the person the intro names ("meet Dana Li").
    const known = new Set(people.filter((p) => p.side !== "buyer").map((p) => p.name.toLowerCase()));
    const buyerPeople = people.filter((p) => p.side === "buyer" && allText.includes(p.name));
    const mention = buyerPeople[0]?.name ??
      findNameMentions(allText).find((m) => m.isIntroduced && !known.has(m.name.toLowerCase()))?.name ?? null;
    const person = people.find((p) => p.name === mention);
    buyerName = makeField(mention, mention ? 0.6 : 0, mention, "body");
    buyerEmail = person?.emails[0] ? makeField<string | null>(person.emails[0], 0.6, null) : emptyField<string | null>(null);
  }

  const buyerDomain = getDomain(buyerEmail.value);
  let title: Field<string | null> = emptyField(null);
  let titleCompany: string | null = null;
  const fullName = buyerName.value;
  const knownTitle = people.find((p) => p.name === fullName)?.title;
  if (fullName) {
    for (const m of context) {
      const t = findTitleInText(m.main, fullName, buyerDomain) ?? (m.signature ? findTitleInSignature(m.signature, fullName) : null);
      if (t) {
        titleCompany = t.company;
        if (!title.value) title = makeField<string | null>(t.title, 0.7, t.quote, m.signature?.includes(t.quote) ? "signature" : "body");
      }
    }
  }
  if (knownTitle) title = makeField<string | null>(knownTitle, 0.95, title.evidence?.quote ?? null, title.evidence?.source);

  const buyerOrg = findOrgName(orgs, buyerDomain, "buyer");
  const buyerAuthor = context.find((m) => m.from?.address === buyerEmail.value);
  const buyerCompany = buyerOrg
    ? makeField<string | null>(buyerOrg, 0.95, null)
    : inferCompany(buyerDomain, [
      ...(buyerAuthor?.signature ? [{ text: buyerAuthor.signature, source: "signature" as const }] : []),
      ...context.map((m) => ({ text: m.main, source: "body" as const })),
      ...(intro.subject ? [{ text: intro.subject, source: "header" as const }] : []),
    ], titleCompany);

  return { buyer: { name: buyerName, email: buyerEmail, title }, buyerCompany, partner, partnerCompany };
}
