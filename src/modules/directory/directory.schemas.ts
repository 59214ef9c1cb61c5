import { z } from "zod";
import { SIDES } from "../../shared/sides.ts";
import { isTimezone } from "../../shared/zoned-date.ts";

const Domain = z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, "not a domain");
const IanaZone = z.string().refine(isTimezone, "not an IANA time zone");

export const WorkspaceSchema = z.object({
  id: z.string(), name: z.string(), domains: z.array(z.string()), timezone: z.string(),
  holidays: z.array(z.string()), workdayStart: z.string(), workdayEnd: z.string(),
});
export type Workspace = z.infer<typeof WorkspaceSchema>;
/** workspaces.settings: unknown keys are kept in the column and ignored here. */
export const WorkspaceSettingsSchema = z.object({ requireConsent: z.boolean().default(false) });
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;
export const UpdateWorkspaceSchema = z.object({
  name: z.string().trim().min(1).optional(),
  domains: z.array(Domain).optional(),
  timezone: IanaZone.optional(),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")).optional(),
  workdayStart: z.string().regex(/^\d{2}:\d{2}$/).optional(),
  workdayEnd: z.string().regex(/^\d{2}:\d{2}$/).optional(),
  /** Policy: hold conversations with a speaker whose recording consent is unknown until consent is recorded. */
  requireConsent: z.boolean().optional(),
});
export type UpdateWorkspace = z.infer<typeof UpdateWorkspaceSchema>;

export const OrgSchema = z.object({ id: z.string(), name: z.string(), side: z.enum(SIDES), domains: z.array(z.string()) });
export type Org = z.infer<typeof OrgSchema>;
export const CreateOrgSchema = z.object({ name: z.string().trim().min(1), side: z.enum(SIDES), domains: z.array(Domain).default([]) });
export type CreateOrg = z.infer<typeof CreateOrgSchema>;
export const UpdateOrgSchema = CreateOrgSchema.partial();

export const PersonSchema = z.object({
  id: z.string(), name: z.string(), emails: z.array(z.string()), phones: z.array(z.string()),
  title: z.string().nullable(), orgId: z.string().nullable(), orgName: z.string().nullable(), side: z.enum(SIDES).nullable(),
});
export type Person = z.infer<typeof PersonSchema>;
export const CreatePersonSchema = z.object({
  name: z.string().trim().min(1),
  emails: z.array(z.string().trim().toLowerCase().email()).default([]),
  phones: z.array(z.string().trim()).default([]),
  title: z.string().trim().nullable().default(null),
  orgId: z.string().nullable().default(null),
});
export type CreatePerson = z.infer<typeof CreatePersonSchema>;
export const UpdatePersonSchema = CreatePersonSchema.partial();

export const PartnerSchema = z.object({
  orgId: z.string(), name: z.string(), domains: z.array(z.string()), tier: z.string().nullable(),
  onboardedOn: z.string().nullable(), partnerManagerId: z.string().nullable(),
});
export type Partner = z.infer<typeof PartnerSchema>;
export const UpsertPartnerSchema = z.object({
  tier: z.string().nullable().optional(),
  onboardedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD").nullable().optional(),
  partnerManagerId: z.string().nullable().optional(),
});
export type UpsertPartner = z.infer<typeof UpsertPartnerSchema>;
