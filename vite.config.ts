import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { port: 3000 },
  build: { target: "es2022" },
  // The Remix plugin is off under Vitest, as in the Epic Stack: tests import modules directly.
  plugins: [process.env.VITEST ? null : remix(remixConfig), tsconfigPaths()],
});
