// A section form that saves itself: a fetcher posts the form a moment after the last change,
// and once more when the page is left. Without JavaScript it is a plain form with a Save
// button. The version it sends is the one it last saved (never one picked up from a reload),
// so a save over someone else's newer save is refused as a conflict, and what was typed stays
// on the page. The saving itself is `useAutosave`, shared with forms that need other buttons
// (the assessor's ScoringForm), and the status line is `AutosaveStatus`.
import { Form, useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from "react";
import { formatTime } from "~/utils/format.ts";
import { useT, type MessageKey } from "~/utils/i18n.ts";

export type AutosaveAnswer =
  | { ok: true; version: number; savedAt: string }
  | { ok: false; conflict?: boolean; message?: string; fieldErrors?: Record<string, string[]> };

export type AutosaveKind = "idle" | "dirty" | "saving" | "saved" | "conflict" | "invalid" | "failed";
export interface AutosaveState {
  kind: AutosaveKind;
  at?: string;
}

export interface UseAutosaveOptions {
  /** The version the page was drawn from; every save sends the newest version it knows. */
  version: number;
  /** A conflict or error already known (a form posted without JavaScript). */
  initialStatus?: "conflict" | "invalid" | null;
  /** Field errors from the last autosave, to show beside the fields. */
  onFieldErrors?: (errors: Record<string, string[]>) => void;
  /** An answer with field errors shows "invalid"; when false it shows "failed" like any refusal. */
  reportInvalid?: boolean;
  /** Also send the last unsaved changes when the form goes away, not only when the page is left. */
  flushOnUnmount?: boolean;
  /**
   * For a form that is not remounted after its own actions: take a newer version handed down by
   * the page, and a conflict the page learnt from a post.
   */
  followProps?: boolean;
}

export interface Autosave {
  formRef: RefObject<HTMLFormElement>;
  /** The version to post with the form (a hidden input). */
  version: number;
  status: AutosaveState;
  /** Call on every change of the form: saves a moment after the last one. */
  changed: () => void;
}

const DELAY_MS = 1200;

export function useAutosave({
  version: initialVersion,
  initialStatus = null,
  onFieldErrors,
  reportInvalid = true,
  flushOnUnmount = true,
  followProps = false,
}: UseAutosaveOptions): Autosave {
  const fetcher = useFetcher<AutosaveAnswer>();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const dirty = useRef(false);
  // Versions only go up: the newest of the page's (when followed) and the last autosave's.
  const [version, setVersion] = useState(initialVersion);
  const versionRef = useRef(initialVersion);
  const [status, setStatus] = useState<AutosaveState>(initialStatus ? { kind: initialStatus } : { kind: "idle" });
  const blocked = status.kind === "conflict";

  useEffect(() => {
    if (followProps && initialVersion > versionRef.current) {
      versionRef.current = initialVersion;
      setVersion(initialVersion);
    }
  }, [followProps, initialVersion]);
  useEffect(() => {
    if (followProps && initialStatus === "conflict") setStatus({ kind: "conflict" });
  }, [followProps, initialStatus]);

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
      versionRef.current = Math.max(versionRef.current, answer.version);
      setVersion(versionRef.current);
      setStatus(dirty.current ? { kind: "dirty" } : { kind: "saved", at: answer.savedAt });
      onFieldErrors?.({});
    } else if (answer.conflict) {
      setStatus({ kind: "conflict" });
    } else if (answer.fieldErrors && reportInvalid) {
      setStatus({ kind: "invalid" });
      onFieldErrors?.(answer.fieldErrors);
    } else {
      setStatus({ kind: "failed" });
    }
  }, [fetcher.state, fetcher.data, onFieldErrors, reportInvalid]);

  const changed = useCallback(() => {
    if (blocked) return;
    dirty.current = true;
    setStatus({ kind: "dirty" });
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(save, DELAY_MS);
  }, [blocked, save]);

  // Leaving the page (or, with flushOnUnmount, this form) with unsaved changes: one last save by beacon.
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
      if (flushOnUnmount) flush();
    };
  }, [blocked, flushOnUnmount]);

  return { formRef, version, status, changed };
}

/** The words of one form's status line and conflict notice. */
export interface AutosaveTexts {
  saved: MessageKey;
  saving: MessageKey;
  unsaved: MessageKey;
  conflict: MessageKey;
  invalid?: MessageKey;
  failed: MessageKey;
  conflictNotice: MessageKey;
  reload: MessageKey;
}

const PROPOSAL_TEXTS: AutosaveTexts = {
  saved: "proposals.edit.saved",
  saving: "proposals.edit.saving",
  unsaved: "proposals.edit.unsaved",
  conflict: "proposals.edit.conflict",
  invalid: "proposals.edit.invalid",
  failed: "proposals.edit.failed",
  conflictNotice: "proposals.save.conflict",
  reload: "proposals.save.conflictReload",
};

/** The live status line (`data-autosave` tells tests the state) and, on a conflict, the notice to reload. */
export function AutosaveStatus({ status, timeZone, texts }: { status: AutosaveState; timeZone: string; texts: AutosaveTexts }) {
  const t = useT();
  return (
    <>
      <p className={`autosave-status autosave-status--${status.kind}`} role="status" aria-live="polite" data-autosave={status.kind}>
        {status.kind === "saved" && status.at ? t(texts.saved, { time: formatTime(status.at, t.locale, timeZone) }) : null}
        {status.kind === "saving" ? t(texts.saving) : null}
        {status.kind === "dirty" ? t(texts.unsaved) : null}
        {status.kind === "conflict" ? t(texts.conflict) : null}
        {status.kind === "invalid" && texts.invalid ? t(texts.invalid) : null}
        {status.kind === "failed" ? t(texts.failed) : null}
      </p>
      {status.kind === "conflict" ? (
        <div className="notice notice--warning" role="alert">
          <p>{t(texts.conflictNotice)}</p>
          <p>
            <a href="">{t(texts.reload)}</a>
          </p>
        </div>
      ) : null}
    </>
  );
}

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

export function AutosaveForm({ version: initialVersion, timeZone, initialStatus = null, onFieldErrors, children, nextHref }: AutosaveFormProps) {
  const t = useT();
  const { formRef, version, status, changed } = useAutosave({ version: initialVersion, initialStatus, onFieldErrors });
  return (
    <Form method="post" ref={formRef} onInput={changed} onChange={changed} className="proposal-form" noValidate>
      <input type="hidden" name="version" value={version} />
      <AutosaveStatus status={status} timeZone={timeZone} texts={PROPOSAL_TEXTS} />
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
