// Route plumbing shared by every loader and action: AppError → HTTP status in one place,
// and form parsing with a zod schema shared with the form.
import { data } from "@remix-run/node";
import type { z } from "zod";
import { AppError, isAppError, toResponse } from "./errors.ts";

/**
 * Wraps a loader or action: an AppError becomes an error response with its status (the
 * root error boundary shows it; resource routes return its JSON). Anything else is a bug
 * and stays a 500, logged by Remix.
 */
export function handle<A, R>(fn: (args: A) => Promise<R>): (args: A) => Promise<R> {
  return async (args: A) => {
    try {
      return await fn(args);
    } catch (error) {
      if (isAppError(error)) throw toResponse(error);
      throw error;
    }
  };
}

export type FieldErrors = Record<string, string[]>;
export type FormResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors; values: Record<string, string> };

/** Parses a form with the schema the form itself uses; failures keep what was typed. */
export function parseWith<S extends z.ZodType>(formData: FormData, schema: S): FormResult<z.infer<S>> {
  const values: Record<string, string> = {};
  const raw: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = key.endsWith("[]") ? all : all[0];
    // Never echo a password back into the page.
    if (!/password/i.test(key)) values[key] = all.join(",");
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.join(".") || "form";
    (fieldErrors[path] ??= []).push(issue.message);
  }
  return { ok: false, fieldErrors, values };
}

/** An action's answer to bad input: 400 with field errors and the values to refill the form. */
export function invalid(fieldErrors: FieldErrors, values: Record<string, string> = {}) {
  return data({ ok: false as const, fieldErrors, values }, { status: 400 });
}

export function notFound(message = "errors.notFound"): never {
  throw new AppError("not_found", message);
}

export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new AppError("bad_request", "errors.badForm");
  }
}

/**
 * The record version a form was drawn from (the optimistic lock). A missing, empty or
 * malformed field is null, never 0 (Number(null) is 0: a form without its version would
 * otherwise pass the lock of a record never edited).
 */
export function readVersion(form: FormData, name = "version"): number | null {
  const value = form.get(name);
  return typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : null;
}
