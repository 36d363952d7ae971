// npm run bench:memory [-- --proposals 10000 --upload-mb 200]
// Resident memory of the app process (VmRSS from /proc/<pid>/status) around two big jobs:
//   1. uploading a 200 MB document through the real path: POST /api/uploads (presigned PUT),
//      the PUT straight to S3, then POST /api/uploads/:id/complete (the app checks the object);
//   2. exporting the screening CSV of a call with 10,000 proposals (streamed in pages).
// RSS is sampled every 20 ms during each job; each job must grow it by less than 50 MB, peak
// included. The app runs in production mode against grants_bench_<N> (seeded if missing).
import http from "node:http";
import { Readable } from "node:stream";
import { BENCH_APPLICANT_EMAIL, BENCH_MANAGER_EMAIL, benchCallReference, benchDbUrl, ensureSeeded, intArg, machineSummary, rssMb, sessionCookie, snapshotBuild, startApp, startS3, table, withClient, type RunningApp } from "./bench-lib.ts";

const LIMIT_MB = 50;
const MB = 1024 * 1024;
const DRAFT_ID = "bench_memory_draft";

/** A draft proposal of the bench applicant's organisation in the open demo call, to upload to. */
async function ensureDraftProposal(databaseUrl: string): Promise<{ proposalId: string; requirementCode: string }> {
  return withClient(databaseUrl, async (c) => {
    const call = (await c.query<{ id: string; requiredDocuments: { code: string; stage: string }[] }>(`SELECT id, "requiredDocuments" FROM "Call" WHERE reference = 'MMD-2026-01'`)).rows[0];
    if (!call) throw new Error("the open demo call MMD-2026-01 is missing");
    const requirement = call.requiredDocuments.find((d) => d.stage === "FULL_APPLICATION");
    if (!requirement) throw new Error("the open demo call has no full-application document");
    await c.query(
      `INSERT INTO "Proposal" (id, reference, "callId", "organisationId", title, state, "updatedAt")
       VALUES ($1, 'BENCH-MEMORY-DRAFT', $2, 'bench_org_0', 'Draft for the memory benchmark', 'draft', now())
       ON CONFLICT (id) DO NOTHING`,
      [DRAFT_ID, call.id],
    );
    return { proposalId: DRAFT_ID, requirementCode: requirement.code };
  });
}

interface Sampled<T> {
  value: T;
  before: number;
  after: number;
  peak: number;
  seconds: number;
}

/** Runs `job` while sampling the app's RSS; `before` is taken after a settling pause. */
async function sampled<T>(pid: number, job: () => Promise<T>): Promise<Sampled<T>> {
  await new Promise((r) => setTimeout(r, 1000));
  const before = rssMb(pid);
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 20);
  const started = Date.now();
  try {
    const value = await job();
    return { value, before, after: rssMb(pid), peak: Math.max(peak, rssMb(pid)), seconds: (Date.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

/** A PDF-looking body of exactly `bytes` bytes, generated as it is sent. */
function pdfBody(bytes: number): Readable {
  const head = Buffer.from("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog >> endobj\n", "latin1");
  const chunk = Buffer.alloc(MB, "0 0 0 RG 10 10 m 20 20 l S\n");
  let sent = 0;
  return new Readable({
    read() {
      if (sent === 0) {
        sent = head.length;
        this.push(head);
        return;
      }
      if (sent >= bytes) return void this.push(null);
      const n = Math.min(chunk.length, bytes - sent);
      sent += n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}

function put(url: string, headers: Record<string, string>, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "PUT", headers: { ...headers, "Content-Length": String(bytes) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    pdfBody(bytes).pipe(req);
  });
}

async function upload(app: RunningApp, cookie: string, target: { proposalId: string; requirementCode: string }, bytes: number) {
  const api = { cookie, origin: app.url, "content-type": "application/json" };
  const ticketRes = await fetch(`${app.url}/api/uploads`, {
    method: "POST",
    headers: api,
    body: JSON.stringify({ ...target, filename: "annex-large.pdf", contentType: "application/pdf", sizeBytes: bytes }),
  });
  const ticket = (await ticketRes.json()) as { documentId?: string; url?: string; headers?: Record<string, string>; error?: unknown };
  if (ticketRes.status !== 201 || !ticket.url || !ticket.documentId) throw new Error(`upload refused (${ticketRes.status}): ${JSON.stringify(ticket)}`);
  const putStatus = await put(ticket.url, ticket.headers ?? {}, bytes);
  if (putStatus !== 200) throw new Error(`PUT to S3 answered ${putStatus}`);
  const doneRes = await fetch(`${app.url}/api/uploads/${ticket.documentId}/complete`, { method: "POST", headers: api, body: "{}" });
  const verdict = (await doneRes.json()) as { status?: string };
  return `${doneRes.status} ${verdict.status ?? JSON.stringify(verdict)}`;
}

async function exportCsv(app: RunningApp, cookie: string, callId: string): Promise<string> {
  const res = await fetch(`${app.url}/manage/calls/${callId}/proposals.csv`, { headers: { cookie } });
  if (res.status !== 200 || !res.body) throw new Error(`CSV export answered ${res.status}`);
  let bytes = 0;
  let lines = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const b of value) if (b === 10) lines++;
  }
  return `${lines - 1} rows, ${(bytes / MB).toFixed(1)} MB`;
}

async function main() {
  const n = intArg("proposals", 10_000);
  const uploadMb = intArg("upload-mb", 200);
  console.log(`npm run bench:memory: ${uploadMb} MB upload, CSV export of ${n} proposals`);
  console.log(machineSummary());
  await ensureSeeded(n);
  const databaseUrl = benchDbUrl(n);
  const target = await ensureDraftProposal(databaseUrl);
  const callId = await withClient(databaseUrl, async (c) => (await c.query<{ id: string }>(`SELECT id FROM "Call" WHERE reference = $1`, [benchCallReference(n)])).rows[0]?.id);
  if (!callId) throw new Error("no bench call");
  const applicant = await sessionCookie(databaseUrl, BENCH_APPLICANT_EMAIL);
  const manager = await sessionCookie(databaseUrl, BENCH_MANAGER_EMAIL);
  const s3 = await startS3();
  // The default limit is 20 MB; the benchmark raises it to let the big file through.
  const app = await startApp({ databaseUrl, s3, cwd: snapshotBuild(), env: { UPLOAD_MAX_BYTES: String((uploadMb + 10) * MB) } });
  let failed = false;
  try {
    // Load the code paths once so that the first measurement is not the modules loading.
    await fetch(`${app.url}/dashboard`, { headers: { cookie: applicant } }).then((r) => r.arrayBuffer());
    await fetch(`${app.url}/manage/calls/${callId}/proposals`, { headers: { cookie: manager } }).then((r) => r.arrayBuffer());
    await upload(app, applicant, target, 64 * 1024);
    const started = rssMb(app.pid);
    const up = await sampled(app.pid, () => upload(app, applicant, target, uploadMb * MB));
    const csv = await sampled(app.pid, () => exportCsv(app, manager, callId));
    const rows = [
      [`upload ${uploadMb} MB (presigned PUT + complete)`, up.value, up.before, up.peak, up.after, (up.peak - up.before).toFixed(1), up.seconds.toFixed(1)],
      [`screening CSV export`, csv.value, csv.before, csv.peak, csv.after, (csv.peak - csv.before).toFixed(1), csv.seconds.toFixed(1)],
    ];
    console.log(`\napp RSS after start-up and warm-up: ${started} MB\n`);
    console.log(table(["job", "result", "RSS before MB", "peak MB", "after MB", "growth (peak) MB", "seconds"], rows));
    console.log("\nChecks");
    for (const [label, s] of [
      ["upload", up],
      ["CSV export", csv],
    ] as const) {
      const ok = s.peak - s.before < LIMIT_MB;
      if (!ok) failed = true;
      console.log(`  ${ok ? "OK  " : "FAIL"} ${label}: RSS grew ${(s.peak - s.before).toFixed(1)} MB at peak (< ${LIMIT_MB} MB)`);
    }
  } finally {
    await app.stop();
    await s3.stop();
  }
  if (failed) process.exitCode = 1;
}

main().catch((e) => {
  console.error("bench:memory failed:", e);
  process.exit(1);
});
