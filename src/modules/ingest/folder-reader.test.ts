import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TINY_DEAL_DIR } from "../../../test/fixture-folders.ts";
import { isAppError } from "../../shared/errors.ts";
import { createFolderReader } from "./folder-reader.ts";

describe("folder reader (a multi-folder import's worker thread)", () => {
  const tmp = mkdtempSync(join(tmpdir(), "baton-reader-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("parses and analyzes a folder in a worker exactly as in this thread, with the files as Buffers again", async () => {
    const threaded = createFolderReader();
    const local = createFolderReader({ threaded: false });
    try {
      expect(threaded.threaded).toBe(true);
      expect(local.threaded).toBe(false);
      const [a, b] = await Promise.all([threaded.read(TINY_DEAL_DIR), local.read(TINY_DEAL_DIR)]);
      expect(a.hash).toBe(b.hash);
      expect(a.dealFile).toEqual(b.dealFile);
      expect(a.files.map((f) => f.file)).toEqual(["01-discovery.vtt", "02-technical.vtt", "03-followup.json"]);
      expect(a.files).toEqual(b.files);
      expect(a.intro).toEqual(b.intro);
      // Consent and language were worked out ahead, in the worker.
      expect(a.files.every((f) => f.analysis?.language.language === "en")).toBe(true);
      expect([...a.input.files.keys()].sort()).toEqual([...b.input.files.keys()].sort());
      for (const [name, bytes] of a.input.files) {
        expect(Buffer.isBuffer(bytes)).toBe(true);
        expect(bytes.equals(b.input.files.get(name)!)).toBe(true);
      }
    } finally {
      await threaded.close();
      await local.close();
    }
  });

  it("rejects with the reading error, naming file and line, and goes on reading other folders", async () => {
    const broken = join(tmp, "broken");
    cpSync(TINY_DEAL_DIR, broken, { recursive: true });
    writeFileSync(join(broken, "02-technical.vtt"), "WEBVTT\n\n00:00:01.000 --> garbage\nAda Lindqvist: hello\n");
    const reader = createFolderReader();
    try {
      const failed = await reader.read(broken).then(() => null, (e: unknown) => e);
      expect(isAppError(failed)).toBe(true);
      if (!isAppError(failed)) return;
      expect(failed.code).toBe("INVALID_INPUT");
      expect(failed.details?.some((d) => d.file === "02-technical.vtt" && (d.line ?? 0) > 0)).toBe(true);
      const missing = await reader.read(join(tmp, "nowhere")).then(() => null, (e: unknown) => e);
      expect(isAppError(missing) && missing.code).toBe("NOT_FOUND");
      expect((await reader.read(TINY_DEAL_DIR)).dealFile.id).toBe("fjord-dairy-forecasting");
    } finally {
      await reader.close();
    }
  });
});
