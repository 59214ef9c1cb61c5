// Auth owns users, passwords, sessions, CSRF, API tokens, the login rate limit, the first admin and partner invitations.
export { hashPassword, verifyPassword } from "./password.ts";
export { createUser, listUsers, getUserByEmail, findUserByEmail } from "./users.service.ts";
export { createAuthenticator, requireRole, requireUser, CSRF_HEADER } from "./authenticator.ts";
export { createAuthRoutes } from "./auth.routes.ts";
export { bootstrapAdmin, type BootstrapAdmin } from "./bootstrap.ts";
export { SESSION_COOKIE, readClientIp } from "./request-info.ts";
export { ROLES, type Role, type User, type CreateUser } from "./auth.schemas.ts";
export { createApiToken, listApiTokens, revokeApiToken } from "./auth.service.ts";
export { createInvitationRoutes, createUserRoutes, type InvitationRouteOptions } from "./invitations.routes.ts";
export { createInvitation, listInvitations, revokeInvitation, lookupInvitation, acceptInvitation } from "./invitations.service.ts";
export { CreateInvitationSchema, type CreateInvitation } from "./invitations.schemas.ts";
export { listUsersDetailed, updateUser } from "./users.service.ts";
