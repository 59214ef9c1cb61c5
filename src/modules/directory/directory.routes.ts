import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import * as repo from "./directory.repo.ts";
import * as S from "./directory.schemas.ts";
import * as svc from "./directory.service.ts";

const Id = z.object({ id: z.string() });
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const ok = <T extends z.ZodType>(schema: T, description = "OK") => ({ 200: { description, ...json(schema) } });

export function createWorkspaceRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  // The answer carries the workspace's policies (settings) beside it, so a screen can show what is in force.
  const Answer = z.object({ workspace: S.WorkspaceSchema, settings: S.WorkspaceSettingsSchema });
  app.openapi(createRoute({ method: "get", path: "/", responses: ok(Answer) }), async (c) => {
    const d = c.get("deps");
    return c.json({ workspace: await repo.getWorkspace(d), settings: await repo.getWorkspaceSettings(d) }, 200);
  });
  app.openapi(createRoute({ method: "patch", path: "/", request: { body: json(S.UpdateWorkspaceSchema) }, responses: ok(Answer) }), async (c) => {
    const d = c.get("deps");
    const workspace = await svc.updateWorkspaceSettings(d, c.get("actor"), c.req.valid("json"));
    return c.json({ workspace, settings: await repo.getWorkspaceSettings(d) }, 200);
  });
  return app;
}

export function createOrgRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/", responses: ok(z.object({ orgs: z.array(S.OrgSchema) })) }),
    async (c) => { const d = c.get("deps"); return c.json({ orgs: await repo.listOrgs(d, (await repo.getWorkspace(d)).id) }, 200); });
  app.openapi(createRoute({ method: "post", path: "/", request: { body: json(S.CreateOrgSchema) }, responses: ok(z.object({ org: S.OrgSchema })) }),
    async (c) => c.json({ org: await svc.createOrg(c.get("deps"), c.get("actor"), c.req.valid("json")) }, 200));
  app.openapi(createRoute({ method: "patch", path: "/{id}", request: { params: Id, body: json(S.UpdateOrgSchema) }, responses: ok(z.object({ org: S.OrgSchema })) }),
    async (c) => c.json({ org: await svc.updateOrg(c.get("deps"), c.get("actor"), c.req.valid("param").id, c.req.valid("json")) }, 200));
  return app;
}

export function createPeopleRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/", request: { query: z.object({ q: z.string().optional(), orgId: z.string().optional() }) }, responses: ok(z.object({ people: z.array(S.PersonSchema) })) }),
    async (c) => { const d = c.get("deps"); return c.json({ people: await repo.listPeople(d, (await repo.getWorkspace(d)).id, c.req.valid("query")) }, 200); });
  app.openapi(createRoute({ method: "post", path: "/", request: { body: json(S.CreatePersonSchema) }, responses: ok(z.object({ person: S.PersonSchema })) }),
    async (c) => c.json({ person: await svc.createPerson(c.get("deps"), c.get("actor"), c.req.valid("json")) }, 200));
  app.openapi(createRoute({ method: "patch", path: "/{id}", request: { params: Id, body: json(S.UpdatePersonSchema) }, responses: ok(z.object({ person: S.PersonSchema })) }),
    async (c) => c.json({ person: await svc.updatePerson(c.get("deps"), c.get("actor"), c.req.valid("param").id, c.req.valid("json")) }, 200));
  return app;
}

export function createPartnerRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/", responses: ok(z.object({ partners: z.array(S.PartnerSchema) })) }),
    async (c) => { const d = c.get("deps"); return c.json({ partners: await repo.listPartners(d, (await repo.getWorkspace(d)).id) }, 200); });
  app.openapi(createRoute({ method: "put", path: "/{id}", request: { params: Id, body: json(S.UpsertPartnerSchema) }, responses: ok(z.object({ partner: S.PartnerSchema })) }),
    async (c) => c.json({ partner: await svc.setPartnerProgram(c.get("deps"), c.get("actor"), c.req.valid("param").id, c.req.valid("json")) }, 200));
  return app;
}
