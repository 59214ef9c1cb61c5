// A DATABASE_URL that cannot be used fails with one clear error naming the variable, its password hidden, not a
// bare socket error. The missing-database case needs a PostgreSQL server (TEST_DATABASE_URL).
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { AppError } from "../shared/errors.ts";
import { createDb } from "./client.ts";

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function openError(url: string): Promise<AppError> {
  const e = await createDb({ url }).then((d) => d.close().then(() => null), (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe("createDb with a DATABASE_URL it cannot use", () => {
  it("names DATABASE_URL and the server, hides the password, and keeps the cause", async () => {
    const port = await closedPort();
    const e = await openError(`postgres://baton:s3cret-pw@127.0.0.1:${port}/baton`);
    expect(e.code).toBe("UPSTREAM_FAILED");
    expect(e.message).toContain(`Cannot use the PostgreSQL database in DATABASE_URL (postgres://baton:***@127.0.0.1:${port}/baton)`);
    expect(e.message).toContain("ECONNREFUSED");
    expect(e.message).not.toContain("s3cret-pw");
    expect(e.details).toEqual([expect.objectContaining({ field: "DATABASE_URL" })]);
    expect((e.cause as { code?: string }).code).toBe("ECONNREFUSED");
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)("says so when the database does not exist on the server", async () => {
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = "/baton_no_such_database_here";
    const e = await openError(u.toString());
    expect(e.code).toBe("UPSTREAM_FAILED");
    expect(e.message).toMatch(/database "baton_no_such_database_here" does not exist/);
  });
});
