// Delivery: recaps, weekly walks, intro alerts and pre-call briefs sent by email and to Slack, each rendered for its audience; destinations and the send log.
export * from "./delivery.schemas.ts";
export { createDeliveryDestination, listDeliveryDestinations, removeDeliveryDestination } from "./destinations.service.ts";
export { deliverDealArtefact, deliverWalk, listDealDeliveries, assertAudienceFits, type DeliveryOptions } from "./deliver.service.ts";
export { loadInternalIndex } from "./internal-index.ts";
export { createAutoDelivery } from "./auto-delivery.ts";
export { createDeliveryRouteModules, createDestinationRoutes, createDealDeliveryRoutes, createWalkDeliveryRoutes } from "./delivery.routes.ts";
