/** The three sides of a co-sell deal. Nothing assumes only two: a deal can have several partner orgs. */
export const SIDES = ["ours", "partner", "buyer"] as const;
export type Side = (typeof SIDES)[number];
export const isSide = (s: unknown): s is Side => typeof s === "string" && (SIDES as readonly string[]).includes(s);
