// The one error type the app throws on purpose. `status` is the HTTP status it maps to, in
// one place (`toResponse`); `code` is stable for API clients; `message` is safe to show.
export type AppErrorCode =
  | "bad_request"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "transition_refused"
  | "too_many_requests"
  | "unavailable";

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  transition_refused: 422,
  too_many_requests: 429,
  unavailable: 503,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  readonly details?: Record<string, unknown>;
  constructor(code: AppErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = STATUS[code];
    this.details = details;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Loaders and actions throw this; Remix renders it in the root error boundary with its status. */
export function toResponse(error: AppError): Response {
  return new Response(JSON.stringify({ error: { code: error.code, message: error.message, ...error.details } }), {
    status: error.status,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}
