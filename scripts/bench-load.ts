// npm run bench:load [-- --proposals 5000 --duration 60 --connections 64]
// Mixed traffic on loopback: 64 connections for 60 s, each looping over a list of pages
// requested as four personas (anonymous visitor, applicant, assessor, grant manager) against
// the production build and grants_bench_<N>. Prints totals, latency, errors and status codes
// per page. Passes with zero failed requests (connection errors, timeouts) and zero 5xx.
// Pages that do not exist yet are left out of the mix and listed as "missing (404)";
// `--exclude results,portfolio` leaves out pages whose path contains one of those words.
import { argValue, BENCH_APPLICANT_EMAIL, BENCH_ASSESSOR_EMAIL, BENCH_MANAGER_EMAIL, benchCallReference, benchDbUrl, ensureSeeded, intArg, load, machineSummary, probe, sessionCookie, snapshotBuild, startApp, startS3, table, withClient, type LoadRequest } from "./bench-lib.ts";

async function main() {
  const n = intArg("proposals", 5000);
  const durationS = intArg("duration", 60);
  const connections = intArg("connections", 64);
  console.log(`npm run bench:load: ${connections} connections for ${durationS} s, mixed pages and personas, N=${n}`);
  console.log(machineSummary());
  await ensureSeeded(n);
  const databaseUrl = benchDbUrl(n);
  const ids = await withClient(databaseUrl, async (c) => ({
    bench: (await c.query<{ id: string }>(`SELECT id FROM "Call" WHERE reference = $1`, [benchCallReference(n)])).rows[0]?.id ?? "",
    open: (await c.query<{ id: string }>(`SELECT id FROM "Call" WHERE reference = 'MMD-2026-01'`)).rows[0]?.id ?? "",
    proposal: (await c.query<{ id: string }>(`SELECT id FROM "Proposal" WHERE "organisationId" = 'bench_org_0' ORDER BY reference LIMIT 1`)).rows[0]?.id ?? "",
  }));
  const applicant = await sessionCookie(databaseUrl, BENCH_APPLICANT_EMAIL);
  const assessor = await sessionCookie(databaseUrl, BENCH_ASSESSOR_EMAIL);
  const manager = await sessionCookie(databaseUrl, BENCH_MANAGER_EMAIL);
  // Roughly what a day looks like: mostly public pages and applicants, some staff work.
  const mix: (LoadRequest & { persona: string })[] = [
    { persona: "anonymous", path: "/" },
    { persona: "anonymous", path: "/calls" },
    { persona: "anonymous", path: `/calls/${ids.open}` },
    { persona: "anonymous", path: "/login" },
    { persona: "applicant", path: "/dashboard", headers: { cookie: applicant } },
    { persona: "applicant", path: "/proposals", headers: { cookie: applicant } },
    { persona: "applicant", path: `/proposals/${ids.proposal}`, headers: { cookie: applicant } },
    { persona: "anonymous", path: "/calls" },
    { persona: "assessor", path: "/assess", headers: { cookie: assessor } },
    { persona: "manager", path: "/manage/calls", headers: { cookie: manager } },
    { persona: "manager", path: `/manage/calls/${ids.bench}/proposals`, headers: { cookie: manager } },
    { persona: "manager", path: `/manage/calls/${ids.bench}/proposals?page=20`, headers: { cookie: manager } },
    { persona: "manager", path: `/manage/calls/${ids.bench}/results`, headers: { cookie: manager } },
    { persona: "manager", path: "/manage/portfolio", headers: { cookie: manager } },
    { persona: "applicant", path: "/dashboard", headers: { cookie: applicant } },
    { persona: "anonymous", path: "/healthz" },
  ];
  const s3 = await startS3();
  const app = await startApp({ databaseUrl, s3, cwd: snapshotBuild() });
  let failed = false;
  try {
    const requests: LoadRequest[] = [];
    const excluded = (argValue("exclude") ?? "").split(",").map((w) => w.trim()).filter(Boolean);
    for (const r of mix) {
      if (excluded.some((w) => r.path.includes(w))) {
        console.log(`  ${r.persona} ${r.path}: excluded (--exclude)`);
        continue;
      }
      const p = await probe(app.url + r.path, r.headers?.cookie, 1);
      if (p.status === 404) {
        console.log(`  ${r.persona} ${r.path}: missing (404), left out`);
        continue;
      }
      if (p.status >= 300) console.log(`  ${r.persona} ${r.path}: answers ${p.status} before the run`);
      requests.push(r);
    }
    const result = await load(app.url, requests, { connections, durationS });
    const fivexx = Object.entries(result.statuses)
      .filter(([s]) => s.startsWith("5"))
      .reduce((sum, [, c]) => sum + c, 0);
    const other = Object.entries(result.statuses)
      .filter(([s]) => !/^[23]/.test(s))
      .reduce((sum, [, c]) => sum + c, 0);
    console.log(`\nTotals: ${result.requests} responses in ${durationS} s (${result.rps} req/s), latency p50 ${result.p50} ms, p95 ${result.p95} ms, p99 ${result.p99} ms`);
    console.log(`Failed requests (connection errors incl. timeouts): ${result.errors} (timeouts ${result.timeouts}); 5xx: ${fivexx}; non-2xx/3xx: ${other}`);
    console.log(`Status codes: ${Object.entries(result.statuses).map(([s, c]) => `${s}: ${c}`).join(", ")}\n`);
    const personaOf = new Map(requests.map((r) => [r.path, (r as { persona?: string }).persona ?? ""]));
    console.log(
      table(
        ["page", "persona", "responses", "statuses"],
        Object.entries(result.byPath).map(([path, s]) => [path.replace(/c[a-z0-9]{24}/g, ":id").replace(/bench_proposal_\d+/, ":id"), personaOf.get(path) ?? "", Object.values(s).reduce((a, b) => a + b, 0), Object.entries(s).map(([k, v]) => `${k}×${v}`).join(" ")]),
      ),
    );
    console.log("\nChecks");
    const check = (ok: boolean, text: string) => {
      if (!ok) failed = true;
      console.log(`  ${ok ? "OK  " : "FAIL"} ${text}`);
    };
    check(result.errors === 0, `no failed requests (${result.errors})`);
    check(fivexx === 0, `no 5xx responses (${fivexx})`);
    check(other === 0, `no other non-2xx/3xx responses (${other})`);
  } finally {
    await app.stop();
    await s3.stop();
  }
  if (failed) process.exitCode = 1;
}

main().catch((e) => {
  console.error("bench:load failed:", e);
  process.exit(1);
});
