// The Hono environment every route file types its app with (types only, so modules needn't import server/).
import type { Actor, Deps } from "./deps.ts";

export interface AuthUser {
  id: string; email: string; name: string; role: "admin" | "member" | "partner";
  workspaceId: string; partnerOrgId: string | null; via: "session" | "token";
}
export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    user: AuthUser | null;
    actor: Actor;
  };
}
