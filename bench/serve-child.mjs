// Child process for the HTTP latency bench: starts the server (PGlite data dir or PostgreSQL), seeds one deal
// folder, creates an admin user and an API token, prints one JSON line { url, token, dealId, conversations, seedMs },
// then serves until SIGTERM. Runs apart from autocannon so the load generator doesn't share the server's event loop.
import { performance } from "node:perf_hooks";

const cfg = JSON.parse(process.env.BENCH_CHILD_CONFIG ?? "{}");
const lib = await import(cfg.lib);
const server = await lib.startServer({
  port: 0, host: "127.0.0.1", log: "silent",
  ...(cfg.databaseUrl ? { databaseUrl: cfg.databaseUrl } : { dataDir: cfg.dataDir }),
});
try {
  const t0 = performance.now();
  const r = await lib.importDealFolder(server.deps, lib.cliActor, lib.readDealFolder(cfg.folder), { extract: cfg.extract ?? false });
  const seedMs = performance.now() - t0;
  const ws = await lib.getWorkspace(server.deps);
  const user = await lib.createUser(server.deps, { workspaceId: ws.id, email: "bench@example.com", name: "Bench Runner", role: "admin" });
  const tok = await lib.createApiToken(server.deps, user.id, "bench");
  process.stdout.write(`${JSON.stringify({ url: server.url.replace("localhost", "127.0.0.1"), token: tok.token, dealId: r.deal.id, conversations: r.conversations.added, seedMs })}\n`);
} catch (e) {
  process.stderr.write(`serve-child: ${e.stack ?? e}\n`);
  await server.close();
  process.exit(1);
}
const stop = () => { server.close().finally(() => process.exit(0)); };
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
