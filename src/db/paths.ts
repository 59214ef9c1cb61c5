import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root (the folder with Baton's package.json), found from this file whether run from src/ or dist/. */
export function findPackageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, "utf8")).name === "baton") return dir;
      } catch { /* keep walking */ }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error("Baton package root not found");
    dir = up;
  }
}
