// Loads data from the API for a screen: loading / error / data, aborts on change, reload().
import { type DependencyList, useCallback, useEffect, useState } from "react";
import { ApiError } from "./api-client.ts";

export type Loadable<T> =
  | { state: "loading"; data: T | null; error: null }
  | { state: "error"; data: T | null; error: ApiError }
  | { state: "ready"; data: T; error: null };

export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loadable<T> & { reload: () => void } {
  const [result, setResult] = useState<Loadable<T>>({ state: "loading", data: null, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctrl = new AbortController();
    setResult((r) => ({ state: "loading", data: r.data, error: null }));
    load(ctrl.signal).then(
      (data) => { if (!ctrl.signal.aborted) setResult({ state: "ready", data, error: null }); },
      (e: unknown) => {
        if (ctrl.signal.aborted) return;
        const err = e instanceof ApiError ? e : new ApiError(0, "CLIENT", e instanceof Error ? e.message : String(e));
        setResult((r) => ({ state: "error", data: r.data, error: err }));
      },
    );
    return () => ctrl.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...result, reload };
}
