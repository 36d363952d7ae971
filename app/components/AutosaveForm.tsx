// A section form that saves itself: a fetcher posts the form a moment after the last change,
// and once more when the page is left. Without JavaScript it is a plain form with a Save
// button. The version it sends is the one it last saved (never one picked up from a reload),
// so a save over someone else's newer save is refused as a conflict, and what was typed stays
// on the page.
import { Form, useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { formatTime } from "~/utils/format.ts";
import { useT } from "~/utils/i18n.ts";

export type AutosaveAnswer =
  | { ok: true; version: number; savedAt: string }
  | { ok: false; conflict?: boolean; message?: string; fieldErrors?: Record<string, string[]> };

export interface AutosaveFormProps {
  version: number;
  /** The call's time zone, to show "Saved at 14:02". */
  timeZone: string;
  /** A conflict or error already known (a form posted without JavaScript). */
  initialStatus?: "conflict" | "invalid" | null;
  /** Field errors from the last autosave, to show beside the fields. */
  onFieldErrors?: (errors: Record<string, string[]>) => void;
  children: ReactNode;
  nextHref?: string;
}

const DELAY_MS = 1200;

export function AutosaveForm({ version: initialVersion, timeZone, initialStatus = null, onFieldErrors, children, nextHref }: AutosaveFormProps) {
  const t = useT();
  const fetcher = useFetcher<AutosaveAnswer>();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const dirty = useRef(false);
  const [version, setVersion] = useState(initialVersion);
  const versionRef = useRef(initialVersion);
  const [status, setStatus] = useState<{ kind: "idle" | "dirty" | "saving" | "saved" | "conflict" | "invalid" | "failed"; at?: string }>(
    initialStatus ? { kind: initialStatus } : { kind: "idle" },
  );
  const blocked = status.kind === "conflict";

  const save = useCallback(() => {
    const form = formRef.current;
    if (!form || blocked) return;
    timer.current = null;
    const data = new FormData(form);
    data.set("intent", "autosave");
    data.set("version", String(versionRef.current));
    dirty.current = false;
    setStatus({ kind: "saving" });
    fetcher.submit(data, { method: "post" });
  }, [fetcher, blocked]);

  // The answer of the last autosave.
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    const answer = fetcher.data;
    if (answer.ok) {
      versionRef.current = answer.version;
      setVersion(answer.version);
      setStatus(dirty.current ? { kind: "dirty" } : { kind: "saved", at: answer.savedAt });
      onFieldErrors?.({});
    } else if (answer.conflict) {
      setStatus({ kind: "conflict" });
    } else if (answer.fieldErrors) {
      setStatus({ kind: "invalid" });
      onFieldErrors?.(answer.fieldErrors);
    } else {
      setStatus({ kind: "failed" });
    }
  }, [fetcher.state, fetcher.data, onFieldErrors]);

  const changed = useCallback(() => {
    if (blocked) return;
    dirty.current = true;
    setStatus({ kind: "dirty" });
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(save, DELAY_MS);
  }, [blocked, save]);

  // Leaving the page (or this section) with unsaved changes: one last save by beacon.
  useEffect(() => {
    const flush = () => {
      const form = formRef.current;
      if (!form || !dirty.current || blocked) return;
      const data = new FormData(form);
      data.set("intent", "autosave");
      data.set("version", String(versionRef.current));
      dirty.current = false;
      navigator.sendBeacon?.(window.location.pathname, data);
    };
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      if (timer.current) clearTimeout(timer.current);
      flush();
    };
  }, [blocked]);

  return (
    <Form method="post" ref={formRef} onInput={changed} onChange={changed} className="proposal-form" noValidate>
      <input type="hidden" name="version" value={version} />
      <p className={`autosave-status autosave-status--${status.kind}`} role="status" aria-live="polite" data-autosave={status.kind}>
        {status.kind === "saved" && status.at ? t("proposals.edit.saved", { time: formatTime(status.at, t.locale, timeZone) }) : null}
        {status.kind === "saving" ? t("proposals.edit.saving") : null}
        {status.kind === "dirty" ? t("proposals.edit.unsaved") : null}
        {status.kind === "conflict" ? t("proposals.edit.conflict") : null}
        {status.kind === "invalid" ? t("proposals.edit.invalid") : null}
        {status.kind === "failed" ? t("proposals.edit.failed") : null}
      </p>
      {status.kind === "conflict" ? (
        <div className="notice notice--warning" role="alert">
          <p>{t("proposals.save.conflict")}</p>
          <p>
            <a href="">{t("proposals.save.conflictReload")}</a>
          </p>
        </div>
      ) : null}
      {children}
      <p className="form-actions">
        <button type="submit" name="intent" value="save" className="button">
          {t("proposals.edit.save")}
        </button>
        {nextHref ? (
          <button type="submit" name="intent" value="next" className="button button--secondary">
            {t("proposals.edit.saveAndContinue")}
          </button>
        ) : null}
      </p>
    </Form>
  );
}
