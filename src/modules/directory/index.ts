// Directory: the workspace (the vendor), organisations on three sides, people, partner programme data.
export * from "./directory.schemas.ts";
export {
  lockForCreate, orgCreateKeys, personCreateKeys, findWorkspace, getWorkspace, getWorkspaceSettings, createWorkspace, listOrgs, findOrg, findOrgByName, findOrgByDomain, findOrgsByDomainsOrNames, insertOrg,
  listPeople, findPerson, findPersonByEmail, findPersonByName, findPeopleByEmailsOrNames, insertPerson, insertPeople, patchPerson, listPartners, upsertPartner,
} from "./directory.repo.ts";
export { createOrg, updateOrg, createPerson, updatePerson, setPartnerProgram, updateWorkspaceSettings } from "./directory.service.ts";
export { createWorkspaceRoutes, createOrgRoutes, createPeopleRoutes, createPartnerRoutes } from "./directory.routes.ts";
