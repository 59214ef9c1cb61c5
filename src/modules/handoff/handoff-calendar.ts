// The workspace's business calendar and TTFA target, as the clock and the escalation jobs read them.
import type { Workspace } from "../directory/index.ts";
import type { Deps } from "../../shared/deps.ts";
import type { BusinessTimeOptions } from "./business-time.ts";
import { findWorkspaceSettings } from "./handoff.repo.ts";
import { resolveTargetMs } from "./ttfa.ts";

export function calendarOf(ws: Workspace): BusinessTimeOptions {
  return { timezone: ws.timezone, holidays: ws.holidays, workday: { start: ws.workdayStart, end: ws.workdayEnd } };
}

export async function loadTargetMs(deps: Pick<Deps, "db">, ws: Workspace): Promise<number> {
  return resolveTargetMs(await findWorkspaceSettings(deps, ws.id), calendarOf(ws));
}
