import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSecretBox, loadSecretBox } from "./secret-box.ts";

describe("secret box", () => {
  it("seals with a fresh IV and opens only with the same key", () => {
    const a = createSecretBox("correct horse battery staple");
    const s1 = a.seal("xoxb-slack-token");
    const s2 = a.seal("xoxb-slack-token");
    expect(s1).not.toBe(s2);
    expect(s1).not.toContain("xoxb");
    expect(a.isSealed(s1)).toBe(true);
    expect(a.isSealed("xoxb-slack-token")).toBe(false);
    expect(a.open(s1)).toBe("xoxb-slack-token");
    expect(() => createSecretBox("another key of enough length").open(s1)).toThrow(/BATON_SECRET_KEY/);
    const tampered = s1.slice(0, -2) + (s1.endsWith("A") ? "BB" : "AA");
    expect(() => a.open(tampered)).toThrow();
  });

  it("refuses a short key and generates a private key file for the embedded default", () => {
    expect(() => createSecretBox("short")).toThrow(/16 characters/);
    const dir = mkdtempSync(join(tmpdir(), "baton-key-"));
    const box = loadSecretBox({ env: {}, dataDir: dir });
    const sealed = box.seal("smtp-password");
    const again = loadSecretBox({ env: {}, dataDir: dir });
    expect(again.open(sealed)).toBe("smtp-password");
    expect(statSync(join(dir, "secret.key")).mode & 0o077).toBe(0);
    expect(readFileSync(join(dir, "secret.key"), "utf8").length).toBeGreaterThan(40);
    expect(() => loadSecretBox({ env: {}, dataDir: null })).toThrow(/BATON_SECRET_KEY/);
  });
});
