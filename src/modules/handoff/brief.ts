// The deal brief from a partner's intro email: who the buyer and partner are, the
// problem, why now, the next step and by when. Rules only, no I/O and no model, so the
// brief is reproducible and every field quotes the words it came from.
import { franc } from "franc-min";
import type { DealBrief, ExtractBriefInput, Urgency } from "./deal-brief.ts";
import { selectIntroMessages, createSideOf } from "./brief-messages.ts";
import { resolveContacts } from "./brief-contacts.ts";
import { pickSentences } from "./brief-sentences.ts";
import { assertTimezone } from "../../shared/zoned-date.ts";
import { expandNames } from "./expand-names.ts";
import { cleanDisplayName } from "./brief-names.ts";

export type { DealBrief, ExtractBriefInput, Field, Urgency, BriefOrg, BriefPerson } from "./deal-brief.ts";

const FRANC_TO_ISO1: Record<string, string> = {
  eng: "en", spa: "es", deu: "de", por: "pt", fra: "fr", ita: "it", nld: "nl", cat: "ca",
};

/** The intro's language, from its prose; greetings in another language don't flip it. */
export function detectLanguage(text: string): string | null {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length < 40) return null;
  const code = franc(clean, { only: Object.keys(FRANC_TO_ISO1), minLength: 40 });
  return FRANC_TO_ISO1[code] ?? null;
}

export function extractBrief(input: ExtractBriefInput): DealBrief {
  assertTimezone(input.timezone);
  const sideOf = createSideOf(input.orgs, input.people, input.workspaceDomains);
  const { intro, context } = selectIntroMessages(input.email, sideOf, input.timezone);
  const contacts = resolveContacts({ intro, context, orgs: input.orgs, people: input.people, sideOf });
  const picks = pickSentences(context, intro.dateYmd);
  // The next step reads on its own in a brief: "Mike Donnelly, could you grab 45 minutes with Owen Pritchard".
  if (picks.expectedNextStep.value) {
    const names = [
      ...input.people.map((p) => p.name),
      ...context.flatMap((m) => [m.from, ...m.to, ...m.cc]).map((a) => cleanDisplayName(a?.name)).filter((n): n is string => !!n),
      contacts.buyer.name.value, contacts.partner.name.value,
    ].filter((n): n is string => !!n);
    picks.expectedNextStep.value = expandNames(picks.expectedNextStep.value, [...new Set(names)], contacts.buyer.name.value);
  }
  return {
    buyerContact: contacts.buyer,
    buyerCompany: contacts.buyerCompany,
    partnerContact: contacts.partner,
    partnerCompany: contacts.partnerCompany,
    problem: picks.problem,
    whyNow: picks.whyNow,
    urgency: picks.urgency,
    expectedNextStep: picks.expectedNextStep,
    requestedBy: picks.requestedBy,
    introducedBy: { name: contacts.partner.name.value, email: contacts.partner.email.value },
    introducedOn: intro.dateYmd,
    language: detectLanguage(intro.sentences.map((s) => s.text).join(" ")),
  };
}

export interface GoldShapeBrief {
  buyer_contact: { name: string | null; email: string | null; title: string | null };
  buyer_company: string | null;
  partner_contact: { name: string | null; email: string | null };
  partner_company: string | null;
  problem: string | null;
  why_now: string | null;
  urgency: Urgency;
  expected_next_step: string | null;
  requested_by: string | null;
}

/** The brief in the corpus gold.json shape (used by the evaluator and exports). */
export function briefToGoldShape(b: DealBrief): GoldShapeBrief {
  return {
    buyer_contact: { name: b.buyerContact.name.value, email: b.buyerContact.email.value, title: b.buyerContact.title.value },
    buyer_company: b.buyerCompany.value,
    partner_contact: { name: b.partnerContact.name.value, email: b.partnerContact.email.value },
    partner_company: b.partnerCompany.value,
    problem: b.problem.value,
    why_now: b.whyNow.value,
    urgency: b.urgency.value,
    expected_next_step: b.expectedNextStep.value,
    requested_by: b.requestedBy.value,
  };
}
