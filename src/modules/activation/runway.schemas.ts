// Requests and responses of the runway routes (zod only, so web/ and cli/ can reuse them).
import { z } from "zod";
import { HUDDLE_WEEKDAYS } from "../recap/huddle.ts";
import { MAX_TARGET_ACCOUNTS } from "./runway.ts";

const Text = (max: number) => z.string().trim().min(1, "required").max(max);
export const RunwayHuddleInputSchema = z.object({
  weekday: z.enum(HUDDLE_WEEKDAYS).optional(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM").optional(),
});
export const TargetAccountsSchema = z.array(z.string().min(1)).max(MAX_TARGET_ACCOUNTS, `at most ${MAX_TARGET_ACCOUNTS} target accounts`);

/** POST: every field optional (defaults fill the rest); PATCH: the fields to change. */
export const RunwayInputSchema = z.object({
  talkTrack: Text(4000).optional(),
  questions: z.array(Text(500)).min(1).max(20).optional(),
  targetAccounts: TargetAccountsSchema.optional(),
  noteTemplate: Text(20000).optional(),
  huddle: RunwayHuddleInputSchema.optional(),
});
export type RunwayInput = z.infer<typeof RunwayInputSchema>;

export const RunwaySchema = z.object({
  orgId: z.string(),
  partner: z.object({ id: z.string(), name: z.string(), onboardedOn: z.string().nullable() }),
  ours: z.string(),
  play: z.object({ talkTrack: z.string(), questions: z.array(z.string()) }),
  targetAccounts: z.array(z.object({ orgId: z.string(), name: z.string(), domains: z.array(z.string()) })),
  huddles: z.object({
    weekday: z.string(), time: z.string(), timeZone: z.string(), minutes: z.number(), count: z.number(),
    from: z.string(), fromOnboarding: z.boolean(), starts: z.array(z.string()), ics: z.string(),
  }),
  noteTemplate: z.string(),
  createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(),
});
export type Runway = z.infer<typeof RunwaySchema>;
