// npm run bench [-- --sizes 500,5000 --duration 10 --connections 16 --pages screening,results]
// Throughput and latency of the main pages of the production build, at several data sizes.
// For each size: seeds grants_bench_<N> if needed (scripts/bench-seed.ts), starts the app
// (NODE_ENV=production, QUERY_COUNT=1) against it, signs in each page's persona, and runs
// autocannon on each page. The baseline ("bare") is the sign-in page for an anonymous
// visitor: a complete server-rendered page through the same Express + Remix stack, root
// loader included, that sends no SQL. Pages that do not exist yet print "missing (404)".
// Checks: SQL statements per request do not grow with N; at the largest N each page has at
// least half the baseline's throughput.
import { argValue, BENCH_APPLICANT_EMAIL, BENCH_ASSESSOR_EMAIL, BENCH_MANAGER_EMAIL, benchCallReference, benchDbUrl, ensureSeeded, intArg, load, machineSummary, probe, sessionCookie, sizesArg, snapshotBuild, startApp, startS3, table, withClient, type LoadResult } from "./bench-lib.ts";

type Persona = "anonymous" | "applicant" | "assessor" | "manager";

interface Page {
  key: string;
  label: string;
  persona: Persona;
  path: (ctx: { callId: string }) => string;
}

const BARE: Page = { key: "bare", label: "baseline: sign-in page", persona: "anonymous", path: () => "/login" };
const PAGES: Page[] = [
  { key: "catalogue", label: "call catalogue", persona: "anonymous", path: () => "/calls" },
  { key: "dashboard", label: "applicant dashboard", persona: "applicant", path: () => "/dashboard" },
  { key: "screening", label: "screening list", persona: "manager", path: ({ callId }) => `/manage/calls/${callId}/proposals` },
  { key: "assess", label: "assessor queue", persona: "assessor", path: () => "/assess" },
  { key: "results", label: "results and ranking", persona: "manager", path: ({ callId }) => `/manage/calls/${callId}/results` },
  { key: "portfolio", label: "portfolio", persona: "manager", path: () => "/manage/portfolio" },
];

interface Measured {
  page: Page;
  path: string;
  status: number;
  note?: string;
  queries: number | null;
  result?: LoadResult;
}

async function measureSize(n: number, opts: { durationS: number; connections: number; buildCwd: string; pages: string[] | null }): Promise<Measured[]> {
  await ensureSeeded(n);
  const databaseUrl = benchDbUrl(n);
  const callId = await withClient(databaseUrl, async (c) => (await c.query<{ id: string }>(`SELECT id FROM "Call" WHERE reference = $1`, [benchCallReference(n)])).rows[0]?.id);
  if (!callId) throw new Error(`no bench call in ${databaseUrl}`);
  const cookies: Record<Persona, string | undefined> = {
    anonymous: undefined,
    applicant: await sessionCookie(databaseUrl, BENCH_APPLICANT_EMAIL),
    assessor: await sessionCookie(databaseUrl, BENCH_ASSESSOR_EMAIL),
    manager: await sessionCookie(databaseUrl, BENCH_MANAGER_EMAIL),
  };
  const s3 = await startS3();
  const app = await startApp({ databaseUrl, s3, cwd: opts.buildCwd });
  const out: Measured[] = [];
  try {
    for (const page of [BARE, ...PAGES.filter((p) => opts.pages === null || opts.pages.includes(p.key))]) {
      const path = page.path({ callId });
      const cookie = cookies[page.persona];
      const p = await probe(app.url + path, cookie);
      if (p.status === 404) {
        out.push({ page, path, status: 404, note: "missing (404)", queries: null });
        console.log(`  N=${n} ${page.label}: missing (404)`);
        continue;
      }
      if (p.status !== 200) {
        out.push({ page, path, status: p.status, note: `status ${p.status}${p.location ? ` → ${p.location}` : ""}`, queries: p.queries });
        console.log(`  N=${n} ${page.label}: status ${p.status}, not measured`);
        continue;
      }
      const headers: Record<string, string> = cookie ? { cookie } : {};
      // Warm-up (JIT, connection pool, PostgreSQL caches), not counted.
      await load(app.url, [{ path, headers }], { connections: opts.connections, durationS: 2 });
      const result = await load(app.url, [{ path, headers }], { connections: opts.connections, durationS: opts.durationS });
      out.push({ page, path, status: 200, queries: p.queries, result });
      console.log(`  N=${n} ${page.label}: ${result.rps} req/s, p50 ${result.p50} ms, p95 ${result.p95} ms, ${p.queries ?? "?"} SQL/request`);
    }
  } finally {
    await app.stop();
    await s3.stop();
  }
  return out;
}

function non2xx(r: LoadResult): number {
  return Object.entries(r.statuses)
    .filter(([s]) => !s.startsWith("2"))
    .reduce((sum, [, c]) => sum + c, 0);
}

function printTable(n: number, rows: Measured[]): void {
  const bare = rows.find((r) => r.page.key === "bare")?.result;
  console.log(`\nN = ${n} proposals`);
  console.log(
    table(
      ["page", "persona", "req/s", "p50 ms", "p95 ms", "SQL/req", "vs bare", "errors"],
      rows.map((r) =>
        r.result
          ? [r.page.label, r.page.persona, r.result.rps, r.result.p50, r.result.p95, r.queries ?? "?", bare ? `${(r.result.rps / bare.rps).toFixed(2)}×` : "", r.result.errors + non2xx(r.result)]
          : [r.page.label, r.page.persona, r.note ?? "", "", "", r.queries ?? "", "", ""],
      ),
    ),
  );
}

async function main() {
  const sizes = sizesArg([500, 5000]);
  const durationS = intArg("duration", 10);
  const connections = intArg("connections", 16);
  // A subset of the pages (keys: catalogue, dashboard, screening, assess, results, portfolio), for trying a change.
  const pages = argValue("pages")?.split(",") ?? null;
  console.log(`npm run bench: sizes ${sizes.join(", ")}; ${durationS} s per page, ${connections} connections (after a 2 s warm-up)`);
  console.log(machineSummary());
  const buildCwd = snapshotBuild();
  const all = new Map<number, Measured[]>();
  for (const n of sizes) all.set(n, await measureSize(n, { durationS, connections, buildCwd, pages }));
  for (const [n, rows] of all) printTable(n, rows);

  console.log("\nChecks");
  let failed = false;
  const check = (ok: boolean, text: string) => {
    if (!ok) failed = true;
    console.log(`  ${ok ? "OK  " : "FAIL"} ${text}`);
  };
  const smallest = Math.min(...sizes);
  const largest = Math.max(...sizes);
  for (const page of PAGES.filter((p) => pages === null || pages.includes(p.key))) {
    const small = all.get(smallest)?.find((r) => r.page.key === page.key);
    const large = all.get(largest)?.find((r) => r.page.key === page.key);
    if (!small?.result || !large?.result) {
      console.log(`  SKIP ${page.label}: ${large?.note ?? small?.note ?? "not measured"}`);
      continue;
    }
    if (sizes.length > 1) check(large.queries !== null && small.queries !== null && large.queries <= small.queries, `${page.label}: SQL per request at N=${largest} (${large.queries}) ≤ at N=${smallest} (${small.queries})`);
    const bare = all.get(largest)?.find((r) => r.page.key === "bare")?.result;
    if (bare) check(large.result.rps >= bare.rps / 2, `${page.label}: ${large.result.rps} req/s at N=${largest} ≥ half the baseline (${(bare.rps / 2).toFixed(1)})`);
    check(large.result.errors === 0 && non2xx(large.result) === 0, `${page.label}: no errors or non-2xx responses under load at N=${largest}`);
  }
  if (failed) process.exitCode = 1;
}

main().catch((e) => {
  console.error("bench failed:", e);
  process.exit(1);
});
