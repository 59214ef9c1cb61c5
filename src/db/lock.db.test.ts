import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../shared/errors.ts";
import { createDb } from "./client.ts";

const dir = mkdtempSync(join(tmpdir(), "baton-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("PGlite data dir lock", () => {
  it("a second opener fails clearly and writes nothing; the dir reopens after close", async () => {
    const first = await createDb({ dataDir: dir });
    await first.db.insertInto("workspaces").values({ id: "ws_1", name: "Lock test", holidays: [] }).execute();
    const err = await createDb({ dataDir: dir }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("CONFLICT");
    expect((err as AppError).message).toMatch(/in use by another Baton process|already open in this process/);

    // Another OS process is refused too, with the holder's pid in the message.
    const script = `import { createDb } from ${JSON.stringify(join(import.meta.dirname, "client.ts"))};
      try { await createDb({ dataDir: ${JSON.stringify(dir)} }); console.log("OPENED"); } catch (e) { console.log(e.code + " " + e.message); }`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", cwd: join(import.meta.dirname, "..", "..") });
    expect(child.stdout).toContain(`CONFLICT`);
    expect(child.stdout).toContain(`pid ${process.pid}`);
    expect(child.stdout).not.toContain("OPENED");

    await first.close();
    const again = await createDb({ dataDir: dir });
    const rows = await again.db.selectFrom("workspaces").select("name").execute();
    expect(rows).toEqual([{ name: "Lock test" }]);
    await again.close();
  });
});
