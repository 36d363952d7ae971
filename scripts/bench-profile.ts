// npm run bench:profile -- --proposals N [--page key] [--duration s]
// Where a page's time goes: runs the production app under the V8 profiler, loads one bench
// page (or each), and prints the functions with the most self time, plus the SQL statements
// one request sends. For finding what to fix; the figures to quote come from `npm run bench`.
import { readdirSync, readFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH_APPLICANT_EMAIL, BENCH_ASSESSOR_EMAIL, BENCH_MANAGER_EMAIL, argValue, benchCallReference, benchDbUrl, ensureSeeded, intArg, load, sessionCookie, snapshotBuild, startApp, startS3, withClient } from "./bench-lib.ts";

const PAGES: Record<string, { persona: "anonymous" | "applicant" | "assessor" | "manager"; path: (callId: string) => string }> = {
  bare: { persona: "anonymous", path: () => "/login" },
  catalogue: { persona: "anonymous", path: () => "/calls" },
  dashboard: { persona: "applicant", path: () => "/dashboard" },
  screening: { persona: "manager", path: (id) => `/manage/calls/${id}/proposals` },
  assess: { persona: "assessor", path: () => "/assess" },
  results: { persona: "manager", path: (id) => `/manage/calls/${id}/results` },
  portfolio: { persona: "manager", path: () => "/manage/portfolio" },
};

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function summarise(profile: Profile, top = 25): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    if (!n) return;
    const f = n.callFrame;
    const file = f.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/(build|app|server)\//, "$1/");
    const key = `${f.functionName || "(anonymous)"} ${file}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    const pkg = /node_modules\/\.cache\/grants-bench\/build/.test(f.url) ? "the app (build)" : (/node_modules\/(@[^/]+\/[^/]+|[^/]+)/.exec(f.url)?.[1] ?? (/^node:/.test(f.url) ? "node internals" : f.url ? "other" : "native/VM"));
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
  });
  // Inclusive ("total") time: every function on a sample's stack, once per sample.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/(build|app|server)\//, "$1/")}:${n.callFrame.lineNumber + 1}`;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at);
      if (!n) break;
      const k = keyOf(n);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
  const pct = (v: number) => `${((100 * v) / total).toFixed(1).padStart(5)}%`;
  return [
    "by package:",
    ...[...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `  ${pct(v)} ${k}`),
    "by function (self time):",
    ...[...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `  ${pct(v)} ${k}`),
    "the app's own functions (total time):",
    ...[...inclusive]
      .filter(([k]) => /grants-bench\/build\/server/.test(k) && !/^\(anonymous\)/.test(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${pct(v)} ${k}`),
    "by function (total time, the app's own code and the render):",
    ...[...inclusive]
      .filter(([k]) => /build\/server|react-dom-server|turbo-stream|server-runtime|@prisma\/client/.test(k) && !/^\(anonymous\) .*react-dom/.test(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${pct(v)} ${k}`),
  ];
}

async function main() {
  const n = intArg("proposals", 5000);
  const durationS = intArg("duration", 8);
  const only = argValue("page");
  await ensureSeeded(n);
  const databaseUrl = benchDbUrl(n);
  const callId = await withClient(databaseUrl, async (c) => (await c.query<{ id: string }>(`SELECT id FROM "Call" WHERE reference = $1`, [benchCallReference(n)])).rows[0]?.id);
  if (!callId) throw new Error("no bench call");
  const cookies = {
    anonymous: undefined,
    applicant: await sessionCookie(databaseUrl, BENCH_APPLICANT_EMAIL),
    assessor: await sessionCookie(databaseUrl, BENCH_ASSESSOR_EMAIL),
    manager: await sessionCookie(databaseUrl, BENCH_MANAGER_EMAIL),
  };
  const buildCwd = snapshotBuild();
  for (const [key, page] of Object.entries(PAGES)) {
    if (only && key !== only) continue;
    const dir = mkdtempSync(path.join(os.tmpdir(), `grants-prof-${key}-`));
    const s3 = await startS3();
    const app = await startApp({ databaseUrl, s3, cwd: buildCwd, nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`], env: { QUERY_LOG: "1", LOG_LEVEL: "warn" } });
    const cookie = cookies[page.persona];
    const headers: Record<string, string> = cookie ? { cookie } : {};
    const url = page.path(callId);
    try {
      await load(app.url, [{ path: url, headers }], { connections: 8, durationS: 2 });
      await new Promise((r) => setTimeout(r, 1000));
      const before = readFileSync(app.logFile, "utf8").length;
      await fetch(app.url + url, { headers }).then((res) => res.arrayBuffer());
      await new Promise((r) => setTimeout(r, 200));
      const sql = readFileSync(app.logFile, "utf8").slice(before).split("\n").filter((l) => l.startsWith("[sql]"));
      const r = await load(app.url, [{ path: url, headers }], { connections: 16, durationS });
      console.log(`\n=== ${key} ${url}: ${r.rps} req/s, p50 ${r.p50} ms; ${sql.length} statements:`);
      for (const l of sql) console.log(`  ${l.slice(6, 300)}`);
    } finally {
      await app.stop();
      await s3.stop();
    }
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (!file) {
      console.log("  (no profile written)");
      continue;
    }
    const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Profile;
    for (const line of summarise(profile)) console.log(line);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
