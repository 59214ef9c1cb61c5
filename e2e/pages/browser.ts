// Launches Debian Chromium through playwright-core and builds the web app when dist/web is missing.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM_PATH);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** Builds dist/web with vite.config.ts unless it is already there (set BATON_E2E_BUILD=1 to force a rebuild). */
export async function ensureWebBuild(): Promise<void> {
  if (existsSync(join(ROOT, "dist", "web", "index.html")) && process.env.BATON_E2E_BUILD !== "1") return;
  const { build } = await import("vite");
  await build({ configFile: join(ROOT, "vite.config.ts"), logLevel: "warn" });
}

/** The demo server on a throwaway data dir plus one browser page: what every journey starts from. */
export interface DemoSession {
  /** deps: the server's database, for a journey to check the screen against what is stored. */
  server: { url: string; close(): Promise<void>; deps: import("../../src/shared/deps.ts").Deps };
  page: import("playwright-core").Page;
  context: import("playwright-core").BrowserContext;
  /** Uncaught errors in the page, for a journey to assert there were none. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function startDemoSession(opts: { name: string; viewport?: { width: number; height: number } }): Promise<DemoSession> {
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { startServer } = await import("../../src/server/main.ts");
  await ensureWebBuild();
  const dataDir = mkdtempSync(join(tmpdir(), `baton-e2e-${opts.name}-`));
  const server = await startServer({ port: 0, dataDir, demo: true, log: "silent" });
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  return {
    server, page, context, pageErrors,
    async close() {
      await context.close();
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
