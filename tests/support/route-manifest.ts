// The app's routes as the production build lists them, so that tests sweeping "every route"
// pick up a route the day it is added. Paths in the manifest are relative to their parent
// route; fullPath() joins them.
import { existsSync } from "node:fs";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";

export interface BuiltRoute {
  id: string;
  /** The URL pattern, e.g. "/manage/calls/:callId/proposals". */
  pattern: string;
  /** The ":name" parameters of the pattern, in order ("*" for a splat). */
  params: string[];
  hasAction: boolean;
  hasLoader: boolean;
  /** Has a React component: a page, not a resource route. */
  isPage: boolean;
}

export async function loadBuild(): Promise<ServerBuild> {
  const file = path.resolve("build/server/index.js");
  if (!existsSync(file)) throw new Error("No production build: run `npx remix vite:build` first (npm test does).");
  return (await import(/* @vite-ignore */ file)) as ServerBuild;
}

function fullPath(build: ServerBuild, id: string): string {
  const segments: string[] = [];
  for (let route = build.routes[id]; route; route = route.parentId ? build.routes[route.parentId] : undefined) {
    if (route.path) segments.unshift(route.path);
  }
  return `/${segments.join("/")}`.replace(/\/+/g, "/");
}

export async function builtRoutes(): Promise<BuiltRoute[]> {
  const build = await loadBuild();
  return Object.values(build.routes)
    .filter((r) => r.id !== "root")
    .map((r) => {
      const pattern = fullPath(build, r.id);
      return {
        id: r.id,
        pattern,
        params: [...pattern.matchAll(/:([A-Za-z0-9_]+)\??|(\*)/g)].map((m) => m[1] ?? "*"),
        hasAction: typeof r.module.action === "function",
        hasLoader: typeof r.module.loader === "function",
        isPage: typeof r.module.default === "function",
      };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/**
 * The pattern with its parameters filled in. `values` maps a parameter name to its value;
 * a parameter without one makes the route unreachable here (null), so that the caller can
 * list it instead of silently skipping it.
 */
export function fillPattern(route: BuiltRoute, values: Record<string, string | undefined>): string | null {
  let missing = false;
  const filled = route.pattern
    .replace(/:([A-Za-z0-9_]+)(\?)?/g, (_m, name: string, optional?: string) => {
      const v = values[name];
      if (v === undefined) {
        if (!optional) missing = true;
        return "";
      }
      return encodeURIComponent(v);
    })
    .replace(/\*/g, values["*"] ?? "no-such-page")
    .replace(/\/+$/, "");
  return missing ? null : filled || "/";
}
