// Deals: the record every capability hangs off — buyer, partners, motion, stage, amount, owners, timezone.
export * from "./deals.schemas.ts";
export { listDeals, findDeal, findDealIdBySlug, listDealPeopleIds, addDealPeople, setDealPartners } from "./deals.repo.ts";
export { getDeal, createDeal, updateDeal, deleteDeal } from "./deals.service.ts";
export { slugify } from "./deal.ts";
export { findDealPage, getDealPageBytes, type DealPage } from "./deal-page.repo.ts";
export { createDealRoutes } from "./deals.routes.ts";
