// Job definitions: `handoff.escalate` fires at 100% (level 1) and 150% (level 2) of the TTFA target.
import { z } from "zod";
import { defineJob } from "../jobs/index.ts";
import { loadConfig } from "../../shared/config.ts";
import { escalateHandoff, type EscalateOptions } from "./escalate-handoff.ts";
import { createSmtpMailer, type Mailer } from "./handoff-mailer.ts";

export const EscalateHandoffPayloadSchema = z.object({ handoffId: z.string().min(1), level: z.union([z.literal(1), z.literal(2)]) });
export type EscalateHandoffPayload = z.infer<typeof EscalateHandoffPayloadSchema>;

export const escalationUniqueKey = (handoffId: string, level: number) => `handoff.escalate:${handoffId}:${level}`;

/**
 * `smtpUrl` undefined: read BATON_SMTP_URL when the job runs; null: never mail (the escalation is
 * recorded as "not sent: no SMTP configured"). A `mailer` overrides both.
 */
export function createEscalateHandoffJob(opts: { smtpUrl?: string | null; mailer?: Mailer; notify?: EscalateOptions["notify"] } = {}) {
  return defineJob({
    id: "handoff.escalate", version: 1, schema: EscalateHandoffPayloadSchema, backoffMs: 60_000,
    handler: async (deps, payload) => {
      const url = opts.smtpUrl === undefined ? loadConfig().BATON_SMTP_URL : opts.smtpUrl;
      const mailer = opts.mailer ?? (url ? createSmtpMailer(url) : null);
      await escalateHandoff(deps, { mailer, notify: opts.notify }, payload);
    },
  });
}

/** For the server's worker: mails through BATON_SMTP_URL when it is set. */
export const escalateHandoffJob = createEscalateHandoffJob();
