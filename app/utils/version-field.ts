// The record version a form was drawn from (the optimistic lock), as a zod field shared by
// every form schema. Only whole numbers written as digits count: z.coerce would read an empty
// field as 0, the version of a record never edited, and so let a form without its version
// pass the lock.
import { z } from "zod";

export function versionField(message = "errors.badForm") {
  return z.preprocess((v) => (typeof v === "number" ? String(v) : v), z.string({ error: message }).regex(/^\d{1,9}$/, { error: message }).transform(Number));
}
