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
