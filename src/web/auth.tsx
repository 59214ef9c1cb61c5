// Session state for the web app: who is signed in, sign in / out, and the 401 → /login redirect.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { isPublicPath } from "./access-rules.ts";
import { api, ApiError, onUnauthorized, setCsrfToken } from "./api-client.ts";
import { navigate } from "./router.tsx";
import type { Session, User } from "./types.ts";

type Status = "loading" | "signed-in" | "signed-out";

interface AuthValue {
  status: Status;
  user: User | null;
  /** Set when /api/auth/me failed for a reason other than 401 (server down). */
  error: ApiError | null;
  signIn: (email: string, password: string) => Promise<void>;
  acceptSession: (s: Session) => void;
  signOut: () => Promise<void>;
  retry: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);

export { isPublicPath } from "./access-rules.ts";

export function loginUrl(): string {
  const here = window.location.pathname + window.location.search + window.location.hash;
  return isPublicPath(window.location.pathname) || here === "/" ? "/login" : `/login?next=${encodeURIComponent(here)}`;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>("loading");
  const [user, setUser] = useState<User | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);

  const acceptSession = useCallback((s: Session) => {
    setCsrfToken(s.csrfToken);
    setUser(s.user);
    setError(null);
    setStatus("signed-in");
  }, []);

  useEffect(() => {
    const ctrl = new AbortController();
    setStatus("loading");
    api.me(ctrl.signal).then(acceptSession, (e: unknown) => {
      if (ctrl.signal.aborted) return;
      setCsrfToken(null);
      setUser(null);
      if (e instanceof ApiError && e.status !== 401) setError(e);
      setStatus("signed-out");
    });
    return () => ctrl.abort();
  }, [acceptSession, attempt]);

  useEffect(() => onUnauthorized(() => {
    setCsrfToken(null);
    setUser(null);
    setStatus("signed-out");
    if (!isPublicPath(window.location.pathname)) navigate(loginUrl(), { replace: true });
  }), []);

  const signIn = useCallback(async (email: string, password: string) => {
    acceptSession(await api.login(email, password));
  }, [acceptSession]);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // Signed out locally either way.
    }
    setCsrfToken(null);
    setUser(null);
    setStatus("signed-out");
    navigate("/login", { replace: true });
  }, []);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const value = useMemo(() => ({ status, user, error, signIn, acceptSession, signOut, retry }),
    [status, user, error, signIn, acceptSession, signOut, retry]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error("useAuth outside AuthProvider");
  return v;
}

/** True for partner users: they see only deals shared with their organisation, and no staff controls. */
export function useIsPartner(): boolean {
  return useAuth().user?.role === "partner";
}
