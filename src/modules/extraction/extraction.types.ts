// Shapes the extraction engine reads and writes. No I/O, no logic.
import type { ParsedEmailMeta, RosterPerson } from "../conversations/conversation.ts";
import type { Side } from "../../shared/sides.ts";

export type ConversationKind = "call" | "email" | "notes";

export interface ExtractionUtterance {
  seq: number;
  startMs: number;
  endMs: number;
  speakerLabel: string | null;
  personId: string | null;
  /** Resolved person's name, else the raw label. */
  speakerName: string | null;
  side: Side | null;
  text: string;
}

export interface ExtractionOrg { name: string; side: Side; domains: string[] }

export interface ExtractionInput {
  conversation: {
    file: string;
    kind: ConversationKind;
    /** ISO 8601 with offset. */
    startedAt: string;
    /** IANA zone of the deal. */
    timezone: string;
    language: string | null;
    /** YYYY-MM-DD dates skipped by business-day arithmetic. */
    holidays?: string[];
  };
  utterances: ExtractionUtterance[];
  roster: RosterPerson[];
  orgs: ExtractionOrg[];
  email?: ParsedEmailMeta;
}

export interface Evidence { seq: number; atMs: number; speaker: string | null; quote: string }

export interface Commitment {
  localId: string;
  text: string;
  ownerPersonId: string | null;
  owner: string | null;
  side: Side | null;
  due: string | null;
  dueText: string | null;
  ownerUnclear: boolean;
  confidence: number;
  evidence: Evidence;
  /** Words around the undertaking (the request it answers, the rest of the turn), for later linking. */
  context?: string;
}

export const OBJECTION_TOPICS = [
  "pricing", "security", "integration", "timeline", "competition", "resources", "legal", "other",
] as const;
export type ObjectionTopic = (typeof OBJECTION_TOPICS)[number];

export interface Objection {
  localId: string;
  topic: ObjectionTopic;
  raisedBy: string | null;
  raisedByPersonId: string | null;
  resolvedBy: string | null;
  resolvedByPersonId: string | null;
  evidence: Evidence;
  resolution?: Evidence;
}

export interface Decision { localId: string; text: string; evidence: Evidence }

export const STAKEHOLDER_ROLES = [
  "champion", "economic_buyer", "approver", "technical_evaluator", "user", "blocker", "other",
] as const;
export type StakeholderRole = (typeof STAKEHOLDER_ROLES)[number];

export interface Stakeholder {
  localId: string;
  name: string;
  personId: string | null;
  title: string | null;
  org: Side | null;
  role: StakeholderRole;
  evidence: Evidence;
}

export const RISK_TYPES = ["budget", "timing", "competitor", "champion", "legal", "technical", "other"] as const;
export type RiskType = (typeof RISK_TYPES)[number];

export interface Risk { localId: string; type: RiskType; text: string; evidence: Evidence }

export interface ExtractionResult {
  commitments: Commitment[];
  objections: Objection[];
  decisions: Decision[];
  stakeholders: Stakeholder[];
  risks: Risk[];
  /** Items that failed the evidence check. */
  dropped: number;
  engine: { name: "rules" | "rules+llm"; version: string; model?: string };
  /** What a language model added, changed and was refused (only when one reviewed the rules' items). */
  refinement?: RefinementStats;
}

export interface RefinementStats {
  added: number;
  corrected: number;
  removed: number;
  /** Added items whose quote is not in the utterance they cite. */
  quotesDropped: number;
  /** Due dates the cited words do not support (the item is kept without them). */
  datesDropped: number;
  /** Answers naming an unknown item, a person not on the roster, or repeating an item already found. */
  ignored: number;
  /** The model call failed; the rules' items stand alone. */
  error?: string;
}

export interface EarlierCommitment {
  /** "<file>#c1" */
  ref: string;
  conversationFile: string;
  startedAt: string;
  commitment: Commitment;
}

export interface Fulfilment { commitmentRef: string; evidence: Evidence; confidence: number }

export const ENGINE_VERSION = "rules-0.1.0";
