// The HTTP layer around Remix: security headers, CSRF refusal, access logs, static files.
// Everything about users and permissions happens inside the app's loaders and actions.
import crypto from "node:crypto";
import path from "node:path";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { queryCountEnabled, queryCountMiddleware } from "~/utils/query-count.server.ts";
import { requestContextMiddleware } from "~/utils/request-context.server.ts";
import { log } from "./logger.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A non-GET request must come from our own pages: the browser's Sec-Fetch-Site says so, or
 * failing that the Origin header names this host. A request with neither is refused too.
 */
export function isSameOriginRequest(method: string, headers: Record<string, string | string[] | undefined>): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const site = headers["sec-fetch-site"];
  if (typeof site === "string") return site === "same-origin" || site === "none";
  const origin = headers["origin"];
  const host = headers["x-forwarded-host"] ?? headers["host"];
  if (typeof origin !== "string" || typeof host !== "string" || origin === "null") return false;
  try {
    return new URL(origin).host === host.split(",")[0]!.trim();
  } catch {
    return false;
  }
}

export function securityHeaders(nonce: string, opts: { production: boolean; s3Origin?: string }): Record<string, string> {
  const connect = ["'self'", opts.s3Origin].filter(Boolean).join(" ");
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${opts.production ? "" : " 'unsafe-inline'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}${opts.production ? "" : " ws: wss:"}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(opts.production ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

export interface AppOptions {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: "production" | "development";
  production: boolean;
  /** Static client assets (build/client) in production; vite middlewares in development. */
  assets?: express.RequestHandler[];
}

export function createApp(opts: AppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Only proxies on loopback or private networks (the compose proxy) may name the client.
  app.set("trust proxy", process.env.TRUST_PROXY ?? "loopback, linklocal, uniquelocal");

  // The client's address as Express worked it out, for audit and rate limits; a value the
  // client sent itself is overwritten.
  app.use((req, _res, next) => {
    req.headers["x-client-address"] = req.ip ?? req.socket.remoteAddress ?? "";
    next();
  });

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    const s3 = process.env.S3_PUBLIC_ENDPOINT ?? process.env.S3_ENDPOINT;
    const headers = securityHeaders(nonce, { production: opts.production, s3Origin: s3 ? new URL(s3).origin : undefined });
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.on("finish", () => {
      if (req.path.startsWith("/assets/")) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log(res.statusCode >= 500 ? "error" : "info", "request", { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
    });
    next();
  });

  // A response sent before its request's body has all arrived (a post refused before it was
  // read: signed out, forbidden, too large) closes its connection. Node drains only bodies that
  // nobody began to read, and Remix begins: the unread rest would sit on a kept-alive
  // connection, and the visitor's next request on it would wait for the keep-alive timeout.
  app.use((req, res, next) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      if (!req.complete && !res.headersSent) res.setHeader("Connection", "close");
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  });

  app.use(requestContextMiddleware);

  // Benchmarks only (QUERY_COUNT=1): the x-sql-queries header counts each request's SQL statements.
  if (queryCountEnabled()) app.use(queryCountMiddleware);

  app.use((req, res, next) => {
    if (isSameOriginRequest(req.method, req.headers)) return next();
    res.status(403).json({ error: { code: "forbidden", message: "Cross-site request refused." } });
  });

  for (const handler of opts.assets ?? []) app.use(handler);

  app.all(
    "*",
    createRequestHandler({
      build: opts.build,
      mode: opts.mode,
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
    }),
  );
  return app;
}

export function staticAssets(buildDir: string): express.RequestHandler[] {
  const router = express.Router();
  // Fingerprinted files never change; everything else may.
  router.use("/assets", express.static(path.join(buildDir, "client", "assets"), { immutable: true, maxAge: "1y", index: false }));
  router.use(express.static(path.join(buildDir, "client"), { maxAge: "1h", index: false }));
  return [router];
}
