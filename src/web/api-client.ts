// Fetch wrapper for the Baton API: same-origin cookies, CSRF header on writes, one error shape.
import type {
  ConversationDetail, ConversationUploadResult, DealDetail, DealSummary, ImportResult, Invitation, InvitationPreview, Item, ItemReview,
  Session, WorkspaceAnswer, WorkspaceUser,
} from "./types.ts";

export interface ApiErrorDetail { path?: string; file?: string; field?: string; line?: number; message: string }

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetail[];
  constructor(status: number, code: string, message: string, details: ApiErrorDetail[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null): void { csrfToken = token; }
/** Called on any 401 from a non-auth endpoint (the app sends the user to /login). */
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

type Body = FormData | Record<string, unknown> | undefined;

async function parseError(res: Response): Promise<ApiError> {
  let code = `HTTP_${res.status}`;
  let message = res.statusText || `Request failed (${res.status})`;
  let details: ApiErrorDetail[] = [];
  try {
    const text = await res.text();
    if (text) {
      const json = JSON.parse(text) as { error?: { code?: string; message?: string; details?: ApiErrorDetail[] } };
      if (json.error) {
        code = json.error.code ?? code;
        message = json.error.message ?? message;
        details = Array.isArray(json.error.details) ? json.error.details : [];
      }
    }
  } catch {
    // Not JSON (proxy error page, empty body): keep the status text.
  }
  if (res.status === 502 || res.status === 503 || res.status === 504) {
    if (code.startsWith("HTTP_")) message = "The Baton server is not reachable. Is it running?";
  }
  return new ApiError(res.status, code, message, details);
}

export async function request<T>(method: string, path: string, body?: Body, opts: { signal?: AbortSignal; quiet401?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  if (method !== "GET" && method !== "HEAD" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: "same-origin", signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError(0, "NETWORK", "Could not reach the Baton server. Check your connection and try again.");
  }
  if (!res.ok) {
    const err = await parseError(res);
    if (res.status === 401 && !opts.quiet401) for (const fn of unauthorizedListeners) fn();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const qs = (params: Record<string, string | undefined>): string => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) u.set(k, v);
  const s = u.toString();
  return s ? `?${s}` : "";
};

export const api = {
  login: (email: string, password: string) =>
    request<Session>("POST", "/api/auth/login", { email, password }, { quiet401: true }),
  me: (signal?: AbortSignal) => request<Session>("GET", "/api/auth/me", undefined, { signal, quiet401: true }),
  logout: () => request<void>("POST", "/api/auth/logout", {}, { quiet401: true }),
  setup: (input: { token: string; email: string; name: string; password: string }) =>
    request<Session>("POST", "/api/auth/setup", input, { quiet401: true }),

  deals: (filters: { q?: string; stage?: string; motion?: string; partner?: string }, signal?: AbortSignal) =>
    request<{ deals: DealSummary[] }>("GET", `/api/deals${qs(filters)}`, undefined, { signal }),
  deal: (id: string, signal?: AbortSignal) =>
    request<DealDetail>("GET", `/api/deals/${encodeURIComponent(id)}`, undefined, { signal }),
  dealItems: (id: string, signal?: AbortSignal) =>
    request<{ items: Item[] }>("GET", `/api/deals/${encodeURIComponent(id)}/items`, undefined, { signal }),
  reviewItem: (id: string, body: { review: ItemReview; correction?: Record<string, unknown> }) =>
    request<{ item: Item }>("PATCH", `/api/items/${encodeURIComponent(id)}`, body),
  conversation: (id: string, signal?: AbortSignal) =>
    request<ConversationDetail>("GET", `/api/conversations/${encodeURIComponent(id)}`, undefined, { signal }),
  mapSpeaker: (conversationId: string, body: { label: string; personId: string }) =>
    request<{ label: string; personId: string; name: string; utterances: number }>("POST", `/api/conversations/${encodeURIComponent(conversationId)}/speakers`, body),

  importFiles: (files: File[]) => {
    const fd = new FormData();
    for (const f of files) fd.append("files", f, f.name);
    return request<ImportResult>("POST", "/api/imports", fd);
  },
  setItemInternal: (id: string, internal: boolean) =>
    request<{ item?: Item }>("PATCH", `/api/items/${encodeURIComponent(id)}`, { internal }),
  /** Marks utterances fromSeq..toSeq (or the whole conversation when both are omitted) internal-only, or not. */
  markInternal: (conversationId: string, body: { fromSeq?: number; toSeq?: number; internal: boolean }) =>
    request<unknown>("POST", `/api/conversations/${encodeURIComponent(conversationId)}/internal`, body),

  /** The workspace and its policies (settings); staff read them, admins change them. */
  workspace: (signal?: AbortSignal) => request<WorkspaceAnswer>("GET", "/api/workspace", undefined, { signal }),
  updateWorkspace: (body: { requireConsent?: boolean }) => request<WorkspaceAnswer>("PATCH", "/api/workspace", body),

  users: (signal?: AbortSignal) => request<{ users: WorkspaceUser[] }>("GET", "/api/users", undefined, { signal }),
  invitations: (signal?: AbortSignal) => request<{ invitations: Invitation[] }>("GET", "/api/invitations", undefined, { signal }),
  invite: (body: { email: string; name?: string; partnerOrgId: string }) =>
    request<{ invitation: Invitation }>("POST", "/api/invitations", body),
  revokeInvitation: (id: string) => request<unknown>("DELETE", `/api/invitations/${encodeURIComponent(id)}`),
  partners: (signal?: AbortSignal) => request<{ partners: Array<{ orgId: string; name: string }> }>("GET", "/api/partners", undefined, { signal }),
  invitationPreview: (token: string, signal?: AbortSignal) =>
    request<InvitationPreview>("GET", `/api/auth/invitations/${encodeURIComponent(token)}`, undefined, { signal, quiet401: true }),
  acceptInvitation: (token: string, body: { name: string; password: string }) =>
    request<Session>("POST", `/api/auth/invitations/${encodeURIComponent(token)}/accept`, body, { quiet401: true }),
  /** The buyer's page: public, the link carries its own token. */
  share: <T>(token: string, signal?: AbortSignal) =>
    request<T>("GET", `/api/share/${encodeURIComponent(token)}`, undefined, { signal, quiet401: true }),

  uploadConversation: (dealId: string, file: File) => {
    const fd = new FormData();
    fd.append("file", file, file.name);
    return request<ConversationUploadResult>("POST", `/api/deals/${encodeURIComponent(dealId)}/conversations`, fd);
  },
};
