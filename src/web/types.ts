// Shapes of the JSON the Baton API returns (kept in step with src/server by hand; the web app has no server imports).
export type Side = "ours" | "partner" | "buyer";
export const SIDES: readonly Side[] = ["ours", "partner", "buyer"];

export interface Ref { id: string; name: string }

export interface User {
  id: string; email: string; name: string; role: "admin" | "member" | "partner" | string;
  /** Set for partner users: the partner organisation whose shared deals they see. */
  partnerOrgId?: string | null;
  /** The partner organisation's name, when the API sends it. */
  partnerName?: string | null;
}
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
  /** Internal-only as a whole (staff see it; partner users never get it). */
  isInternal?: boolean;
  /** Stored but not processed or shared until every speaker's recording consent is recorded (staff only see it). */
  heldForConsent?: boolean;
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
  /** The whole conversation is internal-only (our side's notes): partner users never get it. */
  isInternal?: boolean;
  /** Stored but not processed (no items, recap or answers) until every speaker's recording consent is recorded. */
  heldForConsent?: boolean;
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
  /** Marked internal-only by our side: never shown to partner users or buyers. */
  isInternal?: boolean;
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
  /** Internal-only item (our side only). The API may call it isInternal or internal. */
  isInternal?: boolean;
  internal?: boolean;
  evidence: Evidence;
}

export interface ImportResult { deal: Ref; created: boolean; conversations: { added: number; unchanged: number } }
export interface ConversationUploadResult { conversation?: { id: string; title?: string }; [k: string]: unknown }

/** A user of the workspace as GET /api/users lists them. */
export interface WorkspaceUser {
  id: string; email: string; name: string; role: string;
  partnerOrgId?: string | null; partnerName?: string | null; createdAt?: string | null; disabled?: boolean;
}

/** GET / PATCH /api/workspace: the workspace and its policies. */
export interface WorkspaceAnswer {
  workspace: { id: string; name: string; domains: string[]; timezone: string };
  settings: { requireConsent: boolean };
}

/** A partner invitation (POST/GET /api/invitations). */
export interface Invitation {
  id: string; email: string; name: string | null; partnerOrgId: string; partnerName: string | null;
  expiresAt: string; acceptUrl?: string | null; emailed?: boolean;
  acceptedAt?: string | null; revokedAt?: string | null; createdAt?: string | null;
  status?: "pending" | "expired" | "accepted" | "revoked"; invitedBy?: string | null;
  /** Why the email was not sent, when it was not. */
  emailError?: string | null;
}

/** What the accept-invitation page shows before the form (GET /api/auth/invitations/:token). */
export interface InvitationPreview {
  email: string; name: string | null; partnerName: string | null; expiresAt: string; invitedBy?: string | null;
}

export const isInternalItem = (i: Pick<Item, "isInternal" | "internal">): boolean => i.isInternal === true || i.internal === true;
