import { checkBucket } from "~/modules/documents/storage.server.ts";
import { db } from "~/utils/db.server.ts";

// Public on purpose (load balancers call it): says only whether the database and the
// document bucket answer, never why beyond a short reason.
export async function loader() {
  const started = Date.now();
  const [database, bucket] = await Promise.all([
    db()
      .$queryRawUnsafe("SELECT 1")
      .then(() => ({ ok: true as const }))
      .catch(() => ({ ok: false as const, error: "database unreachable" })),
    checkBucket().catch(() => ({ ok: false as const, error: "bucket unreachable" })),
  ]);
  const ok = database.ok && bucket.ok;
  return Response.json(
    { status: ok ? "ok" : "degraded", database: database.ok ? "ok" : "error", bucket: bucket.ok ? "ok" : "error", ms: Date.now() - started },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
