// Briefs: the pre-call brief (with stored topic leads) and the catch-up brief of a deal, as JSON, Markdown and email.
export * from "./briefs.schemas.ts";
export { buildPreCallBrief, buildCatchUpBrief, renderBriefMarkdown, renderBriefEmail, briefTitle, type Brief, type BriefLine, type BriefEvidence, type BriefSources } from "./brief.ts";
export { getPreCallBrief, getCatchUpBrief, setTopicLead } from "./briefs.service.ts";
export { listTopicLeads, type TopicLead } from "./briefs.repo.ts";
export { createBriefRoutes } from "./briefs.routes.ts";
