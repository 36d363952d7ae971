// Shared by the benchmark scripts (bench-seed, bench, bench-memory, bench-load): the bench
// databases, an S3 store, the production app in a child process, sessions for personas,
// autocannon runs, and small printing helpers. Nothing here is used by the app itself.
import { applyMigrations } from "../app/utils/migrate.server.ts";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedS3, type EmbeddedS3 } from "../app/modules/documents/embedded-s3.server.ts";

// ---------------------------------------------------------------- arguments

export function argValue(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

export function intArg(name: string, fallback: number): number {
  const raw = argValue(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number (got ${raw})`);
  return n;
}

export function sizesArg(fallback: number[]): number[] {
  const raw = argValue("sizes");
  if (!raw) return fallback;
  const sizes = raw.split(",").map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < 50)) throw new Error(`--sizes takes whole numbers of at least 50, e.g. 500,5000 (got ${raw})`);
  return sizes;
}

// ---------------------------------------------------------------- databases

export const BENCH_EMAIL_DOMAIN = "bench.grants.local";
export const benchCallReference = (n: number) => `BENCH-${n}`;
/** The applicant persona: owner of organisation 0 (about four proposals, one of them a grant). */
export const BENCH_APPLICANT_EMAIL = `applicant0@${BENCH_EMAIL_DOMAIN}`;
/** The assessor persona: about 100 evaluations in the bench call, whatever N. */
export const BENCH_ASSESSOR_EMAIL = `assessor0@${BENCH_EMAIL_DOMAIN}`;
export const BENCH_MANAGER_EMAIL = "manager@demo.grants.local";

/** The server the bench databases live on: DATABASE_URL's server, else the local one. */
export function serverUrl(): string {
  return process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
}

export function benchDbName(proposals: number): string {
  return `grants_bench_${proposals}`;
}

export function benchDbUrl(proposals: number): string {
  const url = new URL(serverUrl());
  url.pathname = `/${benchDbName(proposals)}`;
  return url.toString();
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The size a bench database was seeded with, or null when it is missing or incomplete. */
export async function seededSize(proposals: number): Promise<number | null> {
  const exists = await withClient(serverUrl(), (c) => c.query("SELECT 1 FROM pg_database WHERE datname = $1", [benchDbName(proposals)]));
  if (!exists.rowCount) return null;
  return withClient(benchDbUrl(proposals), async (c) => {
    const r = await c.query<{ checksum: string }>(`SELECT checksum FROM "SeedRecord" WHERE name = 'bench'`).catch(() => ({ rows: [] as { checksum: string }[] }));
    const n = Number(r.rows[0]?.checksum);
    return Number.isFinite(n) ? n : null;
  });
}

/** Seeds grants_bench_<n> with scripts/bench-seed.ts unless it is there already. */
export function ensureSeeded(proposals: number): Promise<void> {
  return seededSize(proposals).then(async (size) => {
    if (size === proposals) {
      // A database seeded by an earlier release still gets this release's migrations (indexes).
      await applyMigrations({ kind: "postgres", url: benchDbUrl(proposals) });
      // Settled as autovacuum would leave it (see bench-seed.ts), whatever ran on it before.
      await withClient(benchDbUrl(proposals), (c) => c.query("VACUUM ANALYZE"));
      return;
    }
    console.log(`seeding ${benchDbName(proposals)} (npm run bench:seed -- --proposals ${proposals})...`);
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench-seed.ts", "--proposals", String(proposals)], { stdio: "inherit", env: process.env });
    if (r.status !== 0) throw new Error(`bench-seed failed for ${proposals} proposals`);
  });
}

// ---------------------------------------------------------------- the app

export interface BenchS3 {
  endpoint: string;
  bucket: string;
  stop(): Promise<void>;
}

/**
 * An S3 service for the app, outside the app's process: s3rver on loopback in this process.
 * Production mode refuses the app's own embedded store, so the app is pointed at this one
 * like at any external S3 service (S3_ENDPOINT and credentials).
 */
export async function startS3(): Promise<BenchS3> {
  const directory = mkdtempSync(path.join(os.tmpdir(), "grants-bench-s3-"));
  const s3: EmbeddedS3 = await startEmbeddedS3({ directory, bucket: "grants-bench" });
  return {
    endpoint: s3.endpoint,
    bucket: s3.bucket,
    async stop() {
      await s3.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface RunningApp {
  url: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/**
 * `npm run build` when build/ is missing (the benchmarks measure the production build).
 * Under the shared build lock: another build in progress (build/ missing meanwhile) is
 * waited for rather than raced.
 */
export function ensureBuild(): void {
  if (existsSync("build/server/index.js")) return;
  console.log("no production build: building it (npm run build) under /tmp/build.lock...");
  const r = spawnSync("flock", ["/tmp/build.lock", "sh", "-c", "test -f build/server/index.js || npm run build"], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("npm run build failed");
}

const REPO = process.cwd();

/**
 * A private copy of build/ (taken under the shared build lock), so that another build
 * during a long benchmark cannot swap the files under the app. The copy sits below
 * node_modules/.cache so that the build's imports still resolve to the repository's packages;
 * the app runs with that folder as its working directory. Returns the folder.
 */
export function snapshotBuild(): string {
  ensureBuild();
  const dir = path.join(REPO, "node_modules", ".cache", "grants-bench");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const src = path.join(REPO, "build");
  const dest = path.join(dir, "build");
  const stamp = () => statSync(path.join(src, "server", "index.js"), { throwIfNoEntry: false })?.mtimeMs;
  // Other work may hold the build lock for minutes (browser tests): copy without it while no
  // build happens meanwhile (same server bundle before and after); else wait for the lock.
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = stamp();
    rmSync(dest, { recursive: true, force: true });
    const r = spawnSync("cp", ["-r", src, dest], { stdio: "inherit" });
    if (r.status === 0 && before !== undefined && before === stamp()) return dir;
    spawnSync("sleep", ["5"]);
  }
  rmSync(dest, { recursive: true, force: true });
  const r = spawnSync("flock", ["/tmp/build.lock", "cp", "-r", src, dest], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("could not copy build/");
  return dir;
}

/**
 * Starts server/index.ts as production runs it (NODE_ENV=production, a real PostgreSQL server,
 * an external S3 endpoint, a session secret), with QUERY_COUNT=1 so responses carry
 * x-sql-queries. Its log (info level, one line per request, as in production) goes to a file.
 */
export async function startApp(opts: { databaseUrl: string; s3: BenchS3; cwd?: string; env?: Record<string, string>; nodeArgs?: string[] }): Promise<RunningApp> {
  if (!opts.cwd) ensureBuild();
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `grants-bench-app-${port}.log`);
  const log = createWriteStream(logFile);
  const { VITEST: _v, DATA_DIR: _d, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: opts.databaseUrl,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    S3_ENDPOINT: opts.s3.endpoint,
    S3_BUCKET: opts.s3.bucket,
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: "true",
    QUERY_COUNT: "1",
    LOG_LEVEL: "info",
    // tsx reads tsconfig.json (the ~/ paths) from the working directory.
    TSX_TSCONFIG_PATH: path.join(REPO, "tsconfig.json"),
    ...opts.env,
  };
  // node directly (not npx): the child's pid is the app's, for /proc/<pid>/status.
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), "--import", "tsx", path.join(REPO, "server", "index.ts")], { env, cwd: opts.cwd ?? REPO, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(log);
  let errors = "";
  child.stderr?.on("data", (d: Buffer) => {
    errors += d.toString();
    log.write(d);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited at start-up:\n${errors}\n${readFileSync(logFile, "utf8").slice(-4000)}`);
    const ok = await fetch(`${url}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the app did not answer /healthz within 90 s; log in ${logFile}`);
    await sleep(250);
  }
  return {
    url,
    pid: child.pid ?? 0,
    logFile,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, sleep(12_000)]);
      }
      log.end();
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resident memory of a process in MB, from /proc/<pid>/status (VmRSS). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}

// ---------------------------------------------------------------- personas

/**
 * A signed-in cookie for the user with this email: a session row written directly (what
 * the login form would create), expiring in 14 days so the app never needs to extend it.
 */
export async function sessionCookie(databaseUrl: string, email: string): Promise<string> {
  const id = randomBytes(20).toString("hex");
  const r = await withClient(databaseUrl, (c) =>
    c.query(
      `INSERT INTO "Session" (id, "userId", "expiresAt", "twoFactorVerified", "userAgent")
       SELECT $1, id, now() + interval '14 days', true, 'bench' FROM "User" WHERE email = $2`,
      [id, email],
    ),
  );
  if (!r.rowCount) throw new Error(`no user ${email} in the bench database`);
  return `grants_session=${id}`;
}

// ---------------------------------------------------------------- measuring

export interface Probe {
  status: number;
  /** Median x-sql-queries over the probes (null when the header is absent). */
  queries: number | null;
  location: string | null;
}

/** A few sequential requests: the status and the SQL statements per request, uncontended. */
export async function probe(url: string, cookie?: string, times = 5): Promise<Probe> {
  const counts: number[] = [];
  let status = 0;
  let location: string | null = null;
  for (let i = 0; i < times; i++) {
    const res = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: "manual" });
    await res.arrayBuffer();
    status = res.status;
    location = res.headers.get("location");
    const q = res.headers.get("x-sql-queries");
    if (q !== null) counts.push(Number(q));
  }
  counts.sort((a, b) => a - b);
  return { status, queries: counts.length ? (counts[Math.floor(counts.length / 2)] ?? null) : null, location };
}

export interface LoadRequest {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  /** Status counts per request path (mixed runs). */
  byPath: Record<string, Record<string, number>>;
  durationS: number;
}

// autocannon has no type declarations; this is the part of its API used here.
interface AutocannonResponse {
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  duration: number;
}
interface AutocannonInstance {
  on(event: "response", fn: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
}
type Autocannon = ((opts: Record<string, unknown>, cb: (err: Error | null, result: AutocannonResponse) => void) => AutocannonInstance) & {
  track?: unknown;
};
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, i)] ?? 0) * 10) / 10;
}

/**
 * autocannon against one or several requests (each connection loops over the list).
 * Latency percentiles are exact, from every response's time.
 */
export function load(baseUrl: string, requests: LoadRequest[], opts: { connections: number; durationS: number }): Promise<LoadResult> {
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  const byPath: Record<string, Record<string, number>> = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: opts.connections,
        duration: opts.durationS,
        requests: requests.map((r) => ({
          path: r.path,
          method: r.method ?? "GET",
          headers: r.headers ?? {},
          ...(r.body !== undefined ? { body: r.body } : {}),
          onResponse: (status: number) => {
            const per = (byPath[r.path] ??= {});
            per[String(status)] = (per[String(status)] ?? 0) + 1;
          },
        })),
      },
      (err, result) => {
        if (err) return reject(err);
        times.sort((a, b) => a - b);
        resolve({
          requests: times.length,
          rps: Math.round((times.length / opts.durationS) * 10) / 10,
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          p99: percentile(times, 99),
          errors: result.errors,
          timeouts: result.timeouts,
          statuses,
          byPath,
          durationS: result.duration,
        });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      times.push(responseTime);
      statuses[String(statusCode)] = (statuses[String(statusCode)] ?? 0) + 1;
    });
  });
}

// ---------------------------------------------------------------- printing

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => "| " + r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(" | ") + " |";
  return [line(headers), "|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|", ...rows.map((r) => line(r.map(String)))].join("\n");
}

export function machineSummary(): string {
  const cpus = os.cpus();
  const pgVersion = spawnSync("psql", ["--version"], { encoding: "utf8" }).stdout?.trim();
  return [
    `${cpus.length} × ${cpus[0]?.model ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}`,
    `Node ${process.version}${pgVersion ? `, ${pgVersion}` : ""}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  ].join("\n");
}
