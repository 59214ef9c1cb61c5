// Types of the deal brief built from a partner's intro email, and the small helpers
// every brief rule shares. No I/O.
import type { Side } from "../../shared/sides.ts";
import type { ParsedEmailMeta } from "../conversations/conversation.ts";

export type EvidenceSource = "body" | "header" | "signature";

export interface Field<T> {
  value: T;
  evidence: { quote: string; source: EvidenceSource } | null;
  /** 0..1: how sure the rule that filled the field is. */
  confidence: number;
}

export type Urgency = "low" | "medium" | "high";

export interface BriefOrg { name: string; side: Side; domains: string[] }
export interface BriefPerson { name: string; emails: string[]; title: string | null; side: Side }

export interface ExtractBriefInput {
  /** The intro; may be a forward (then `forwarded` holds the inner message). */
  email: ParsedEmailMeta;
  /** May be empty: companies are then inferred from domains, signatures and text. */
  orgs: BriefOrg[];
  people: BriefPerson[];
  /** IANA zone of the deal: dates are resolved in it against the email's date. */
  timezone: string;
  /** Our (vendor) domains. */
  workspaceDomains: string[];
}

export interface DealBrief {
  buyerContact: { name: Field<string | null>; email: Field<string | null>; title: Field<string | null> };
  buyerCompany: Field<string | null>;
  partnerContact: { name: Field<string | null>; email: Field<string | null> };
  partnerCompany: Field<string | null>;
  problem: Field<string | null>;
  whyNow: Field<string | null>;
  urgency: Field<Urgency>;
  expectedNextStep: Field<string | null>;
  /** YYYY-MM-DD or null. */
  requestedBy: Field<string | null>;
  introducedBy: { name: string | null; email: string | null };
  /** YYYY-MM-DD in the deal's zone. */
  introducedOn: string | null;
  /** ISO 639-1 ("en", "es") or null when the text is too short to tell. */
  language: string | null;
}

export function makeField<T>(value: T, confidence: number, quote?: string | null, source: EvidenceSource = "body"): Field<T> {
  return { value, confidence, evidence: quote ? { quote, source } : null };
}

export const emptyField = <T>(value: T): Field<T> => ({ value, evidence: null, confidence: 0 });

export function getDomain(email: string | null | undefined): string | null {
  const at = email?.lastIndexOf("@") ?? -1;
  return at >= 0 ? email!.slice(at + 1).toLowerCase().trim() : null;
}

/** Same domain or a subdomain of it ("mail.acme.com" belongs to "acme.com"). */
export function isDomainOf(domain: string | null, owner: string): boolean {
  if (!domain) return false;
  const o = owner.toLowerCase().replace(/^@/, "");
  return domain === o || domain.endsWith(`.${o}`);
}
