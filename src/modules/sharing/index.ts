// Sharing: buyer links to agreed recaps, the deal's shared record per audience (ours, partner, buyer) and its exports.
export * from "./sharing.schemas.ts";
export { createBuyerLink, listBuyerLinks, revokeBuyerLink, viewSharedRecap, type RequestContext, type LinkOptions } from "./buyer-links.service.ts";
export { buildSharedRecord, type SharedRecordOptions } from "./shared-record.service.ts";
export { narrowRecord, isBuyerVisibleLine, type SharedRecord } from "./shared-record.ts";
export { exportDeal, exportAudienceFor, type DealExport } from "./export.service.ts";
export { renderMarkdown, renderHtml, renderJson, escapeHtml, escapeMarkdown } from "./render.ts";
export { signBuyerLinkToken, readBuyerLinkToken, isBuyerLinkSignatureValid } from "./buyer-link-token.ts";
export { createRecapBuyerLinkRoutes, createDealSharingRoutes, createBuyerLinkRoutes, createShareRoutes } from "./sharing.routes.ts";
