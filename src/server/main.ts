// Composition root: config → database → routes → HTTP server (+ demo seed). `node dist/server.mjs [--demo]`.
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { serve } from "@hono/node-server";
import { createDb, type Database } from "../db/client.ts";
import { findPackageRoot } from "../db/paths.ts";
import { bootstrapAdmin, createAuthenticator, createAuthRoutes, createInvitationRoutes, createUserRoutes } from "../modules/auth/index.ts";
import { createConversationRoutes } from "../modules/conversations/index.ts";
import { createDealRoutes } from "../modules/deals/index.ts";
import { createOrgRoutes, createPartnerRoutes, createPeopleRoutes, createWorkspace, createWorkspaceRoutes, findWorkspace } from "../modules/directory/index.ts";
import { createDealItemRoutes, createExtractDealJob, createItemRoutes } from "../modules/extraction/index.ts";
import { createNlpModel, loadNlpModelConfig, type NlpModel } from "../adapters/nlp-model/index.ts";
import { createJobsRoutes } from "../modules/jobs/index.ts";
import { createAskRoutes } from "../modules/ask/index.ts";
import { createWorker } from "./jobs.ts";
import { createActivationRoutes, createRunwayRoutes } from "../modules/activation/index.ts";
import { createConversationRecapRoutes, createDealHuddleRoutes, createPartnerHuddleRoutes, createRecapRoutes } from "../modules/recap/index.ts";
import { createBriefRoutes } from "../modules/briefs/index.ts";
import { createAttributionRoutes, createDealAttributionRoutes, createPartnerRevenueRoutes } from "../modules/attribution/index.ts";
import { createDealLedgerRoutes, createLedgerRoutes, scheduleNextWeeklyWalk, createWeeklyWalkJob } from "../modules/ledger/index.ts";
import { createHandoffRoutes, createIntakeRoutes, createEscalateHandoffJob, startIntakeServer } from "../modules/handoff/index.ts";
import { createAutoDelivery, createDeliveryRouteModules } from "../modules/delivery/index.ts";
import { createCrmRoutes, createDealCrmRoutes, createOutboxWorker, resolveCrmAdapter } from "../modules/crm/index.ts";
import { createDealUploadRoutes, createImportRoutes, createProposedPeopleRoutes, createSpeakerRoutes, createConversationEditRoutes } from "../modules/ingest/index.ts";
import { systemClock } from "../shared/clock.ts";
import { loadConfig } from "../shared/config.ts";
import type { Deps } from "../shared/deps.ts";
import { randomIds } from "../shared/ids.ts";
import { createAuditRoutes } from "../modules/audit/index.ts";
import { createSettingsRoutes, getSecret } from "../modules/settings/index.ts";
import { createBuyerLinkRoutes, createDealSharingRoutes, createRecapBuyerLinkRoutes, createShareRoutes } from "../modules/sharing/index.ts";
import { setSmtpUrlFallback } from "../adapters/email/smtp.ts";
import { createInternalContentRoutes } from "../modules/partners-access/index.ts";
import { DEMO_LOGIN, DEMO_PARTNER_LOGIN, seedDemo } from "./demo.ts";
import { createApp, type RouteModule } from "./http.ts";
import { createWebHandler } from "./web-static.ts";

export interface StartOptions {
  port?: number; host?: string; dataDir?: string; databaseUrl?: string; demo?: boolean;
  log?: "silent" | "info" | "debug"; publicUrl?: string;
}

/** `model`: the optional language model that also phrases Ask answers (rules only without it). */
export function createRouteModules(opts: { model?: NlpModel | null } = {}): RouteModule[] {
  return [
    { path: "/auth", routes: createAuthRoutes(), isPublic: true },
    { path: "/workspace", routes: createWorkspaceRoutes() },
    { path: "/orgs", routes: createOrgRoutes() },
    { path: "/people", routes: createPeopleRoutes() },
    { path: "/partners", routes: createPartnerRoutes() },
    { path: "/deals", routes: createDealRoutes() },
    { path: "/deals", routes: createDealUploadRoutes() },
    { path: "/deals", routes: createDealItemRoutes() },
    { path: "/items", routes: createItemRoutes() },
    { path: "/conversations", routes: createConversationRoutes() },
    { path: "/conversations", routes: createConversationEditRoutes() },
    { path: "/conversations", routes: createSpeakerRoutes() },
    { path: "/deals", routes: createProposedPeopleRoutes() },
    { path: "/imports", routes: createImportRoutes() },
    { path: "/jobs", routes: createJobsRoutes() },
    { path: "/deals", routes: createHandoffRoutes() },
    { path: "/intake", routes: createIntakeRoutes() },
    { path: "/deals", routes: createDealLedgerRoutes() },
    { path: "/ledger", routes: createLedgerRoutes() },
    { path: "/deals", routes: createDealAttributionRoutes() },
    { path: "/attribution", routes: createAttributionRoutes() },
    { path: "/partners", routes: createPartnerRevenueRoutes() },
    { path: "/partners", routes: createActivationRoutes() },
    { path: "/partners", routes: createRunwayRoutes() },
    { path: "/conversations", routes: createConversationRecapRoutes() },
    { path: "/recaps", routes: createRecapRoutes() },
    { path: "/deals", routes: createDealHuddleRoutes() },
    { path: "/partners", routes: createPartnerHuddleRoutes() },
    { path: "/deals", routes: createBriefRoutes() },
    { path: "", routes: createAskRoutes({ model: opts.model }) },
    { path: "/recaps", routes: createRecapBuyerLinkRoutes() },
    { path: "/deals", routes: createDealSharingRoutes() },
    { path: "/buyer-links", routes: createBuyerLinkRoutes() },
    { path: "/share", routes: createShareRoutes(), isPublic: true },
    { path: "/audit", routes: createAuditRoutes() },
    { path: "/settings", routes: createSettingsRoutes() },
    { path: "/invitations", routes: createInvitationRoutes() },
    { path: "/users", routes: createUserRoutes() },
    { path: "/conversations", routes: createInternalContentRoutes() },
    ...createDeliveryRouteModules(),
    { path: "/crm", routes: createCrmRoutes() },
    { path: "/deals", routes: createDealCrmRoutes() },
  ];
}

export async function startServer(opts: StartOptions = {}): Promise<{ url: string; close(): Promise<void>; database: Database; deps: Deps }> {
  const cfg = loadConfig();
  const logLevel = opts.log ?? cfg.BATON_LOG;
  const log = (msg: string, data?: Record<string, unknown>) => { if (logLevel !== "silent") console.error(`[baton] ${msg}${data ? ` ${JSON.stringify(data)}` : ""}`); };
  const databaseUrl = opts.databaseUrl ?? cfg.DATABASE_URL;
  const database = databaseUrl ? await createDb({ url: databaseUrl }) : await createDb({ dataDir: resolve(opts.dataDir ?? cfg.BATON_DATA_DIR) });
  const deps: Deps = { db: database.db, clock: systemClock, ids: randomIds };
  try {
    const model = await createNlpModel(loadNlpModelConfig());
    if (opts.demo) await seedDemo(deps);
    const ws = (await findWorkspace(deps)) ?? (await createWorkspace(deps, { name: "My company", domains: [], timezone: "UTC" }));
    setSmtpUrlFallback(() => getSecret(deps, ws.id, "smtp_url"));
    const app = createApp({
      deps, authenticate: createAuthenticator(deps), modules: createRouteModules({ model }), log,
      web: createWebHandler(join(findPackageRoot(), "dist", "web")),
    });
    const port = opts.port ?? cfg.PORT;
    const host = opts.host ?? cfg.HOST;
    const server = await new Promise<ReturnType<typeof serve>>((res, rej) => {
      const s = serve({ fetch: app.fetch, port, hostname: host }, () => res(s));
      s.once("error", rej);
    });
    const addr = server.address();
    const actualPort = typeof addr === "object" && addr ? addr.port : port;
    const url = `http://${host === "0.0.0.0" ? "localhost" : host === "127.0.0.1" ? "localhost" : host}:${actualPort}`;
    const setup = await bootstrapAdmin(deps, { workspaceId: ws.id, email: cfg.BATON_ADMIN_EMAIL, password: cfg.BATON_ADMIN_PASSWORD, publicUrl: opts.publicUrl ?? cfg.BATON_PUBLIC_URL ?? url });
    log(`Baton is running at ${url} (${database.kind === "pglite" ? `embedded database in ${resolve(opts.dataDir ?? cfg.BATON_DATA_DIR)}` : "PostgreSQL"})`);
    if (opts.demo) log(`demo sign-in: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
    if (opts.demo) log(`demo partner sign-in: ${DEMO_PARTNER_LOGIN.email} / ${DEMO_PARTNER_LOGIN.password}`);
    if (setup.setupUrl) log(`no admin yet: create one at ${setup.setupUrl}`);
    if (model) log(`extraction: rules + language model ${model.name}`);
    const autoDelivery = createAutoDelivery();
    const worker = createWorker({ deps, definitions: [createExtractDealJob({ model }), createEscalateHandoffJob({ notify: autoDelivery.introAlert }), createWeeklyWalkJob({ deliver: autoDelivery.walk })], workerId: `${process.pid}-${Date.now().toString(36)}`, log });
    worker.start();
    const crmWorker = createOutboxWorker({ deps, adapterFor: resolveCrmAdapter, workerId: `${process.pid}-crm-${Date.now().toString(36)}`, log });
    crmWorker.start();
    await scheduleNextWeeklyWalk(deps);
    // Partners cc or forward intros to this SMTP listener (e.g. intros@your-host) when BATON_INTAKE_PORT is set.
    const intake = cfg.BATON_INTAKE_PORT != null ? await startIntakeServer({ deps, port: cfg.BATON_INTAKE_PORT, host, log }) : null;
    return {
      url, database, deps,
      async close() {
        await worker.stop();
        await crmWorker.stop();
        await intake?.close();
        await new Promise<void>((r) => server.close(() => r()));
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}

const isMain = process.argv[1] != null && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const demo = process.argv.includes("--demo");
  startServer({ demo }).then((s) => {
    const stop = () => { s.close().finally(() => process.exit(0)); };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  }).catch((e) => {
    console.error(`[baton] could not start: ${e.message}`);
    for (const d of e.details ?? []) console.error(`  - ${d.path ?? d.file ?? ""} ${d.message}`);
    process.exit(1);
  });
}
