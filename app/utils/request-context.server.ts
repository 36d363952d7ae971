// What one HTTP request shares between its loaders. Remix hands each route's loader its own
// copy of the Request, so work every loader needs (who the user is) cannot be keyed on the
// Request object; the server runs each request in this context instead (server/app.ts).
// Outside a request (tests calling a loader directly) nothing is shared.
import { AsyncLocalStorage } from "node:async_hooks";

interface RequestContext {
  memo: Map<string, unknown>;
}

// On globalThis: the server entry and the Remix build each bundle their own copy of this module.
const g = globalThis as unknown as { __requestContext?: AsyncLocalStorage<RequestContext> };
function storage(): AsyncLocalStorage<RequestContext> {
  g.__requestContext ??= new AsyncLocalStorage<RequestContext>();
  return g.__requestContext;
}

/** Express middleware: one context per request. */
export function requestContextMiddleware(_req: unknown, _res: unknown, next: () => void): void {
  storage().run({ memo: new Map() }, next);
}

/** `compute()` once per request and key (its promise is shared); every call outside a request computes. */
export function oncePerRequest<T>(key: string, compute: () => T): T {
  const context = storage().getStore();
  if (!context) return compute();
  if (!context.memo.has(key)) context.memo.set(key, compute());
  return context.memo.get(key) as T;
}
