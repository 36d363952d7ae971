// The values of a submitted form as the page refills them after a refusal by a service
// (parseWith gives them only when the schema itself refuses): several values of one field
// joined by commas, never a password.
export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of new Set(form.keys())) {
    if (/password/i.test(key)) continue;
    values[key] = form
      .getAll(key)
      .filter((v): v is string => typeof v === "string")
      .join(",");
  }
  return values;
}
