// Counts the SQL statements each HTTP request sends, for the performance benchmarks
// (scripts/bench.ts). Enabled only with QUERY_COUNT=1: db.server.ts then wraps the driver
// adapter (every statement, BEGIN and COMMIT included, passes through it, however many a single
// Prisma operation needs), and server/app.ts runs each request in a counter and reports it
// in the `x-sql-queries` response header. Disabled, nothing here runs.
import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";

export const QUERY_COUNT_HEADER = "x-sql-queries";

interface Counter {
  statements: number;
}

// On globalThis: the server entry and the Remix build each bundle their own copy of this
// module, and both must see the same storage.
const g = globalThis as unknown as { __queryCountStorage?: AsyncLocalStorage<Counter> };
function storage(): AsyncLocalStorage<Counter> {
  g.__queryCountStorage ??= new AsyncLocalStorage<Counter>();
  return g.__queryCountStorage;
}

export function queryCountEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.QUERY_COUNT === "1";
}

// QUERY_LOG=1 (with QUERY_COUNT=1) also prints each statement to stderr, to see what a page sends.
const logStatements = process.env.QUERY_LOG === "1";

function bump(n = 1, args?: unknown[]): void {
  const counter = storage().getStore();
  if (counter) counter.statements += n;
  if (logStatements) {
    const query = args?.[0] as { sql?: string } | string | undefined;
    const sql = typeof query === "string" ? query : (query?.sql ?? "BEGIN");
    process.stderr.write(`[sql${counter ? "" : " outside request"}] ${sql.replace(/\s+/g, " ").slice(0, 400)}\n`);
  }
}

// Proxies keep everything the adapter offers (provider, adapterName, savepoints...) and only
// intercept the calls that reach the database.
function countQueryable<T extends SqlQueryable>(target: T, extra: Partial<Record<PropertyKey, (orig: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown>> = {}): T {
  const counted = new Set<PropertyKey>(["queryRaw", "executeRaw", "executeScript"]);
  return new Proxy(target, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj);
      if (typeof value !== "function") return value;
      const orig = (value as (...a: unknown[]) => unknown).bind(obj);
      const wrap = extra[prop];
      if (wrap) return wrap(orig);
      if (counted.has(prop)) {
        return (...args: unknown[]) => {
          bump(1, args);
          return orig(...args);
        };
      }
      return orig;
    },
  });
}

function countAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return countQueryable(adapter, {
    // BEGIN is sent inside startTransaction, before we could wrap the transaction object;
    // COMMIT/ROLLBACK go through the transaction's executeRaw and are counted there.
    startTransaction:
      (orig) =>
      async (...args: unknown[]) => {
        bump();
        return countQueryable((await orig(...args)) as Transaction);
      },
  });
}

/** Wraps a driver adapter factory so that every SQL statement counts toward the current request. */
export function countingAdapterFactory<F extends SqlDriverAdapterFactory>(factory: F): F {
  return new Proxy(factory, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj);
      if (prop === "connect" && typeof value === "function") {
        return async () => countAdapter(await (value as () => Promise<SqlDriverAdapter>).call(obj));
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(obj) : value;
    },
  });
}

/**
 * Express middleware: counts the statements of each request and sends the count in the
 * `x-sql-queries` header (statements run after the headers left, e.g. while a CSV streams,
 * are not in it).
 */
export function queryCountMiddleware(_req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const counter: Counter = { statements: 0 };
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    if (!res.headersSent) res.setHeader(QUERY_COUNT_HEADER, String(counter.statements));
    return writeHead(...args);
  }) as ServerResponse["writeHead"];
  storage().run(counter, next);
}
