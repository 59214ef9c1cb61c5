import { describe, expect, it } from "vitest";
import { computeRetryAt, formatRetryMessage } from "./login-limit.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { isProxyAddress, pickClientIp } from "./request-info.ts";
import { hashSecret, isSameSecret, makeSecret } from "./secrets.ts";

describe("passwords", () => {
  it("hashes with a salt and encodes the scrypt parameters", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse battery", b)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("", a)).toBe(false);
  });

  it("verifies with the parameters stored in the hash", async () => {
    const hash = await hashPassword("pw-12345678");
    const [, , , , salt] = hash.split("$");
    const { scryptSync } = await import("node:crypto");
    const cheap = `scrypt$1024$8$1$${salt}$${scryptSync("pw-12345678", Buffer.from(salt, "base64url"), 32, { N: 1024 }).toString("base64url")}`;
    expect(await verifyPassword("pw-12345678", cheap)).toBe(true);
    expect(await verifyPassword("pw-1234567", cheap)).toBe(false);
  });

  it.each([
    ["empty", ""], ["other scheme", "bcrypt$2b$10$abc"], ["too few parts", "scrypt$16384$8$1$abc"],
    ["absurd cost", "scrypt$1099511627776$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"], ["not a number", "scrypt$x$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA"],
  ])("rejects a malformed hash (%s)", async (_, hash) => {
    expect(await verifyPassword("anything", hash)).toBe(false);
  });
});

describe("secrets", () => {
  it("makes distinct url-safe secrets and stores a sha256 digest", () => {
    const s = makeSecret("baton_");
    expect(s).toMatch(/^baton_[\w-]{43}$/);
    expect(makeSecret()).not.toBe(makeSecret());
    expect(hashSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(isSameSecret("abc", "abc")).toBe(true);
    expect(isSameSecret("abc", "abd")).toBe(false);
    expect(isSameSecret("abc", "abcd")).toBe(false);
  });
});

describe("login rate limit", () => {
  const t0 = new Date("2026-03-10T15:00:00Z").getTime();
  const at = (minutes: number) => new Date(t0 + minutes * 60_000);

  it("allows up to 9 failures in the window", () => {
    expect(computeRetryAt([])).toBeNull();
    expect(computeRetryAt(Array.from({ length: 9 }, (_, i) => at(i)))).toBeNull();
  });

  it("blocks at 10 until the oldest failure leaves the window", () => {
    const times = Array.from({ length: 10 }, (_, i) => at(i));
    expect(computeRetryAt(times)).toEqual(at(15));
    const more = Array.from({ length: 12 }, (_, i) => at(i));
    expect(computeRetryAt(more)).toEqual(at(17));
  });

  it("says when to retry", () => {
    expect(formatRetryMessage(at(15), at(3))).toBe(
      "Too many failed sign-in attempts. Try again in 12 minutes (after 2026-03-10T15:15:00.000Z).");
    expect(formatRetryMessage(at(15), at(14.5))).toMatch(/in 1 minute \(/);
  });
});

describe("client ip", () => {
  it.each([
    ["203.0.113.9", undefined, "203.0.113.9"],
    ["203.0.113.9", "1.2.3.4", "203.0.113.9"], // a public peer cannot claim another address
    ["127.0.0.1", "1.2.3.4", "1.2.3.4"],
    ["::ffff:10.0.0.2", "9.9.9.9, 1.2.3.4", "1.2.3.4"], // the entry the proxy appended
    ["::1", undefined, "::1"],
    [undefined, "1.2.3.4", "unknown"],
  ])("socket %s, x-forwarded-for %s → %s", (socket, xff, expected) => {
    expect(pickClientIp(socket, xff)).toBe(expected);
  });

  it("knows private and loopback addresses", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.1", "192.168.1.1", "::1", "fd12:3456::1"]) expect(isProxyAddress(a)).toBe(true);
    for (const a of ["172.32.0.1", "8.8.8.8", "2001:db8::1", "11.0.0.1"]) expect(isProxyAddress(a)).toBe(false);
  });
});
