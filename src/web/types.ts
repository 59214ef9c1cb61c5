// Shapes of the JSON the Baton API returns (kept in step with src/server by hand; the web app has no server imports).
export type Side = "ours" | "partner" | "buyer";
export const SIDES: readonly Side[] = ["ours", "partner", "buyer"];

export interface Ref { id: string; name: string }

export interface User { id: string; email: string; name: string; role: "admin" | "member" | "partner" | string }
export interface Session { user: User; csrfToken: string }

export interface DealSummary {
  id: string;
  slug: string;
  name: string;
  stage: string;
  motion: string;
  amount: number | null;
  currency: string | null;
  buyer: Ref | null;
  partners: Ref[];
  owner: Ref | null;
  conversationCount: number;
  lastConversationAt: string | null;
  updatedAt: string;
}

export interface Deal extends DealSummary {
  timezone: string;
  backupOwner: Ref | null;
  partnerOwner: Ref | null;
}

export interface Person {
  id: string;
  name: string;
  title: string | null;
  side: Side | null;
  orgName: string | null;
  emails: string[];
}

export interface Speaker { label: string; personId: string | null; name: string | null; side: Side | null }

export type ConversationKind = "call" | "email" | "notes";

export interface ConversationSummary {
  id: string;
  kind: ConversationKind;
  title: string;
  startedAt: string;
  durationMs: number;
  sourceFormat: string;
  language: string | null;
  utteranceCount: number;
  speakers: Speaker[];
  sourceFile?: string | null;
}

export interface DealDetail { deal: Deal; people: Person[]; conversations: ConversationSummary[] }

export interface Conversation {
  id: string;
  dealId: string;
  kind: ConversationKind;
  title: string;
  startedAt: string;
  durationMs: number;
  sourceFormat: string;
  language: string | null;
  timezone: string;
}

export interface Utterance {
  seq: number;
  speakerLabel: string | null;
  personId: string | null;
  speakerName: string | null;
  side: Side | null;
  startMs: number;
  endMs: number;
  text: string;
}

export interface ConversationDetail { conversation: Conversation; utterances: Utterance[] }

export type ItemKind = "commitment" | "objection" | "decision" | "stakeholder" | "risk" | "fulfilment" | string;

export interface Evidence { conversationId: string; seq: number; atMs: number; speaker: string | null; quote: string }

export type ItemReview = "proposed" | "confirmed" | "corrected" | "dismissed";

export interface Item {
  id: string;
  kind: ItemKind;
  text?: string | null;
  topic?: string | null;
  name?: string | null;
  owner?: string | Ref | null;
  side?: Side | null;
  due?: string | null;
  review?: ItemReview | string;
  /** Stakeholder role, risk type, who raised an objection — shown when present. */
  role?: string | null;
  type?: string | null;
  raisedBy?: string | null;
  resolvedBy?: string | null;
  /** Stakeholder's job title. */
  title?: string | null;
  dueText?: string | null;
  localId?: string;
  conversationId?: string;
  /** Fulfilments: "<source file>#<commitment localId>". */
  commitmentRef?: string | null;
  evidence: Evidence;
}

export interface ImportResult { deal: Ref; created: boolean; conversations: { added: number; unchanged: number } }
export interface ConversationUploadResult { conversation?: { id: string; title?: string }; [k: string]: unknown }
