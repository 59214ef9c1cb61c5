/** Injected time source: tests pass a fixed clock, the server the system one. */
export interface Clock { now(): Date }
export const systemClock: Clock = { now: () => new Date() };
export function fixedClock(iso: string): Clock & { advance(ms: number): void; set(iso: string): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    advance(ms: number) { t += ms; },
    set(next: string) { t = new Date(next).getTime(); },
  };
}
