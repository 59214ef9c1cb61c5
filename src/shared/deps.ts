import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";
import type { Clock } from "./clock.ts";
import type { Ids } from "./ids.ts";

/** What every service takes as its first argument. `db` may be a transaction. */
export interface Deps { db: Kysely<DB>; clock: Clock; ids: Ids }

/** Who is acting: a user id, "cli", "system", "import". Recorded in the activity log. */
export interface Actor { id: string; kind: "user" | "cli" | "system"; role?: "admin" | "member" | "partner"; partnerOrgId?: string | null }
export const systemActor: Actor = { id: "system", kind: "system" };
export const cliActor: Actor = { id: "cli", kind: "cli", role: "admin" };
