// A tiny history router: path patterns like "/deals/:id", <Link>, navigate(), and the current location as state.
import { type AnchorHTMLAttributes, createContext, type MouseEvent, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";

export interface Location { pathname: string; search: string; hash: string }

const read = (): Location => ({ pathname: window.location.pathname, search: window.location.search, hash: window.location.hash });
const listeners = new Set<() => void>();

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const url = new URL(to, window.location.href);
  const next = url.pathname + url.search + url.hash;
  const current = window.location.pathname + window.location.search + window.location.hash;
  if (next === current) return;
  if (opts.replace) window.history.replaceState(null, "", next);
  else window.history.pushState(null, "", next);
  for (const fn of listeners) fn();
  if (!url.hash && !opts.replace) window.scrollTo(0, 0);
}

const RouterContext = createContext<Location>(read());

export function RouterProvider({ children }: { children: ReactNode }) {
  const [loc, setLoc] = useState<Location>(read);
  useEffect(() => {
    const update = () => setLoc(read());
    listeners.add(update);
    window.addEventListener("popstate", update);
    window.addEventListener("hashchange", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
      window.removeEventListener("hashchange", update);
    };
  }, []);
  return <RouterContext.Provider value={loc}>{children}</RouterContext.Provider>;
}

export const useLocation = (): Location => useContext(RouterContext);

export function useSearchParams(): [URLSearchParams, (next: Record<string, string | undefined>, opts?: { replace?: boolean }) => void] {
  const loc = useLocation();
  const params = useMemo(() => new URLSearchParams(loc.search), [loc.search]);
  const set = useCallback((next: Record<string, string | undefined>, opts: { replace?: boolean } = {}) => {
    const u = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(next)) if (v) u.set(k, v); else u.delete(k);
    const s = u.toString();
    navigate(window.location.pathname + (s ? `?${s}` : ""), opts);
  }, []);
  return [params, set];
}

/** Matches "/deals/:id" against "/deals/abc" → { id: "abc" }; null when it does not match. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const p = pattern.split("/").filter(Boolean);
  const a = pathname.replace(/\/+$/, "").split("/").filter(Boolean);
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg.startsWith(":")) params[seg.slice(1)] = decodeURIComponent(a[i]!);
    else if (seg !== a[i]) return null;
  }
  return params;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { to: string; replace?: boolean };

export function Link({ to, replace, onClick, children, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (rest.target && rest.target !== "_self") return;
    e.preventDefault();
    navigate(to, { replace });
  };
  return <a href={to} onClick={handle} {...rest}>{children}</a>;
}
