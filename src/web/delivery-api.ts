// The delivery API as the web app uses it (destinations, sends, the send log); secrets go in, never come back.
import { request } from "./api-client.ts";

export type DeliveryChannel = "email" | "slack-webhook" | "slack-api";
export type DeliveryAudience = "ours" | "partner" | "buyer";
export type DeliveryArtefact = "recap" | "brief" | "sla" | "walk";

export interface Destination {
  id: string; name: string; channel: DeliveryChannel; audience: DeliveryAudience; partnerOrgId: string | null; partnerName: string | null;
  target: string; secretHint: string | null; auto: string[]; createdAt: string;
}
export interface DeliveryResult { deliveryId: string; destinationId: string | null; channel: DeliveryChannel; target: string; status: "sent" | "failed"; error: string | null; duplicate: boolean }
export interface Delivery {
  id: string; dealId: string | null; partnerOrgId: string | null; artefact: DeliveryArtefact; artefactId: string | null; audience: DeliveryAudience;
  channel: DeliveryChannel; destinationId: string | null; target: string; status: "sent" | "failed"; error: string | null; externalId: string | null; sentAt: string;
}
export interface NewDestination {
  name: string; channel: DeliveryChannel; audience: DeliveryAudience; partnerOrgId?: string | null; target?: string; webhookUrl?: string; token?: string; auto?: string[];
}

export const CHANNEL_LABEL: Record<DeliveryChannel, string> = { email: "Email", "slack-webhook": "Slack webhook", "slack-api": "Slack (bot)" };
export const AUDIENCE_LABEL: Record<DeliveryAudience, string> = { ours: "Our side", partner: "Partner", buyer: "Buyer" };
export const ARTEFACT_LABEL: Record<DeliveryArtefact, string> = { recap: "Recap", brief: "Pre-call brief", sla: "Intro alert", walk: "Weekly walk" };
/** The buyer gets the agreed recap only; briefs, alerts and walks are the selling sides' (as the API enforces). */
export const audiencesFor = (artefact: DeliveryArtefact): DeliveryAudience[] => (artefact === "recap" ? ["ours", "partner", "buyer"] : ["ours", "partner"]);

const enc = encodeURIComponent;
export const deliveryApi = {
  destinations: (signal?: AbortSignal) => request<{ destinations: Destination[] }>("GET", "/api/delivery/destinations", undefined, { signal }),
  createDestination: (body: NewDestination) => request<{ destination: Destination }>("POST", "/api/delivery/destinations", { ...body }),
  deleteDestination: (id: string) => request<{ ok: true }>("DELETE", `/api/delivery/destinations/${enc(id)}`),
  dealDeliveries: (dealId: string, signal?: AbortSignal) => request<{ deliveries: Delivery[] }>("GET", `/api/deals/${enc(dealId)}/deliveries`, undefined, { signal }),
  sendDeal: (dealId: string, body: { artefact: "recap" | "brief" | "sla"; recapId?: string; destinationIds: string[]; emails: string[]; audience: DeliveryAudience }) =>
    request<{ results: DeliveryResult[] }>("POST", `/api/deals/${enc(dealId)}/deliveries`, { ...body }),
};
