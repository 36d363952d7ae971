// Calls a loader or action (wrapped by handle()) directly and normalises what comes back or
// is thrown: a Response (redirects, resource routes), a `data()` value from single fetch
// (DataWithResponseInit: error responses from handle(), invalid() form results), or a plain
// object (status 200). Anything else thrown (a bug) is rethrown.
import type { AppLoadContext } from "@remix-run/node";

export interface RouteResult<T = unknown> {
  status: number;
  data: T;
  headers: Headers;
  /** Whether the route threw it (errors, redirects from loaders) rather than returned it. */
  thrown: boolean;
}

interface DataWithResponseInitLike {
  type: "DataWithResponseInit";
  data: unknown;
  init: ResponseInit | null;
}

function isDataWithResponseInit(value: unknown): value is DataWithResponseInitLike {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return null;
  if ((response.headers.get("Content-Type") ?? "").includes("json")) return JSON.parse(text);
  return text;
}

export async function normalise(value: unknown, thrown: boolean): Promise<RouteResult> {
  if (value instanceof Response) return { status: value.status, data: await readBody(value), headers: value.headers, thrown };
  if (isDataWithResponseInit(value)) {
    return { status: value.init?.status ?? 200, data: value.data, headers: new Headers(value.init?.headers), thrown };
  }
  return { status: 200, data: value, headers: new Headers(), thrown };
}

type RouteFn = (args: { request: Request; params: Record<string, string | undefined>; context: AppLoadContext }) => Promise<unknown>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loader data freely
export async function callRoute<T = any>(fn: RouteFn, request: Request, params: Record<string, string | undefined> = {}): Promise<RouteResult<T>> {
  let value: unknown;
  try {
    value = await fn({ request, params, context: {} as AppLoadContext });
  } catch (error) {
    if (error instanceof Response || isDataWithResponseInit(error)) return (await normalise(error, true)) as RouteResult<T>;
    throw error;
  }
  return (await normalise(value, false)) as RouteResult<T>;
}

const BASE = "http://localhost";

/** A GET as a browser sends it, optionally with a cookie. */
export function get(path: string, opts: { cookie?: string; headers?: Record<string, string> } = {}): Request {
  const headers = new Headers(opts.headers);
  if (opts.cookie) headers.set("Cookie", opts.cookie);
  return new Request(`${BASE}${path}`, { method: "GET", headers });
}

/** A form POST (application/x-www-form-urlencoded), optionally with a cookie. */
export function post(path: string, fields: Record<string, string>, opts: { cookie?: string; headers?: Record<string, string> } = {}): Request {
  const headers = new Headers(opts.headers);
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  if (opts.cookie) headers.set("Cookie", opts.cookie);
  return new Request(`${BASE}${path}`, { method: "POST", headers, body: new URLSearchParams(fields).toString() });
}

/** "name=value" of a Set-Cookie header, to send back as a Cookie header. */
export function cookieFrom(setCookie: string | null): string {
  if (!setCookie) throw new Error("no Set-Cookie header");
  return setCookie.split(";")[0]!;
}
