// Vite config for the web app (src/web). The production server serves dist/web with an index.html fallback.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL("./src/web", import.meta.url));
const outDir = fileURLToPath(new URL("./dist/web", import.meta.url));
const api = process.env.BATON_API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
    target: "es2022",
    // The server's CSP forbids inline scripts; keep the module preload polyfill out of index.html.
    modulePreload: { polyfill: false },
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: api, changeOrigin: false },
      "/health": { target: api, changeOrigin: false },
    },
  },
});
