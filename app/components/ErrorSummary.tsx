// The list of problems at the top of a form after a failed submit. It takes focus so that
// screen-reader and keyboard users land on it; each field error links to its field.
import { useEffect, useRef } from "react";
import { useT } from "~/utils/i18n.ts";
import { fieldId } from "./Field.tsx";

export interface ErrorSummaryProps {
  /** Field name → messages (i18n keys or words). The key "form" holds errors about the whole form. */
  errors: Record<string, readonly string[]> | undefined;
  /** Labels for field names, so a link reads "Email address: Enter your email address." */
  labels?: Record<string, string>;
}

export function ErrorSummary({ errors, labels = {} }: ErrorSummaryProps) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {}).filter(([, messages]) => messages.length > 0);
  const signature = JSON.stringify(entries);
  useEffect(() => {
    if (entries.length > 0) ref.current?.focus();
    // Refocus only when the set of errors changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signature]);
  if (entries.length === 0) return null;
  const formErrors = entries.filter(([name]) => name === "form");
  const fieldErrors = entries.filter(([name]) => name !== "form");
  return (
    <div ref={ref} className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{t("form.errorSummary")}</h2>
      {formErrors.flatMap(([, messages]) => messages.map((m) => <p key={m}>{t.maybe(m)}</p>))}
      {fieldErrors.length > 0 ? (
        <ul>
          {fieldErrors.map(([name, messages]) => (
            <li key={name}>
              <a href={`#${fieldId(name)}`}>
                {labels[name] ? t("common.labelled", { label: labels[name], value: t.maybe(messages[0]!) }) : t.maybe(messages[0]!)}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
