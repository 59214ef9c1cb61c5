// Serves the built web app (dist/web) with an index.html fallback for client-side routes.
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import type { Context } from "hono";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".json": "application/json", ".map": "application/json",
  ".woff2": "font/woff2", ".txt": "text/plain; charset=utf-8",
};

export function createWebHandler(dir: string) {
  const cache = new Map<string, { body: Buffer; type: string }>();
  const load = (file: string) => {
    let hit = cache.get(file);
    if (!hit) {
      hit = { body: readFileSync(file), type: TYPES[extname(file)] ?? "application/octet-stream" };
      cache.set(file, hit);
    }
    return hit;
  };
  return async (c: Context): Promise<Response | null> => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return null;
    const index = join(dir, "index.html");
    if (!existsSync(index)) {
      return c.html("<h1>Baton</h1><p>The web app is not built. Run <code>npm run build</code>.</p>", 503);
    }
    const rel = normalize(decodeURIComponent(c.req.path)).replace(/^(\.\.[/\\])+/, "");
    const file = join(dir, rel);
    const isAsset = file.startsWith(dir) && existsSync(file) && statSync(file).isFile();
    const { body, type } = load(isAsset ? file : index);
    const cacheControl = isAsset && rel.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
    return new Response(new Uint8Array(body), { status: 200, headers: { "content-type": type, "cache-control": cacheControl } });
  };
}
