import type { DbTx } from "~/utils/db.server.ts";
import { db, type Prisma } from "~/utils/db.server.ts";

export interface AuditInput {
  actorId?: string | null;
  ipAddress?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  fromState?: string | null;
  toState?: string | null;
  data?: Prisma.InputJsonValue;
}

/** Appends one audit event; pass a transaction to record it atomically with the change. */
export async function recordAudit(input: AuditInput, tx: DbTx = db()): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: input.actorId ?? null,
      ipAddress: input.ipAddress ?? null,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      fromState: input.fromState ?? null,
      toState: input.toState ?? null,
      data: input.data ?? {},
    },
  });
}
