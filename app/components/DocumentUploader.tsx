// Uploads one file for one requirement straight from the browser to the object store:
// ask the server for a presigned PUT, send the bytes with XMLHttpRequest (whose upload
// progress events drive a real <progress> bar), then ask the server to check what arrived
// and show its verdict. Without JavaScript it explains that uploads need it.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useRevalidator } from "@remix-run/react";
import { UPLOAD_ACCEPT } from "~/modules/documents/upload-rules.ts";
import { useT } from "~/utils/i18n.ts";

export interface DocumentUploaderProps {
  proposalId: string;
  requirementCode: string;
  requirementName: string;
  hasCurrent: boolean;
}

export type UploadPhase =
  | { kind: "idle" }
  | { kind: "requesting" }
  | { kind: "uploading"; percent: number }
  | { kind: "checking" }
  | { kind: "done"; filename: string }
  | { kind: "error"; message: string };

interface Ticket {
  documentId: string;
  url: string;
  method: "PUT";
  headers: Record<string, string>;
}

async function postJson(url: string, body: unknown): Promise<{ ok: boolean; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  let json: Record<string, unknown> = {};
  try {
    json = (await res.json()) as Record<string, unknown>;
  } catch {
    // A non-JSON answer (a proxy error page): reported below from the status.
  }
  return { ok: res.ok, json };
}

function errorMessage(json: Record<string, unknown>, fallback: string): string {
  const error = json.error as { message?: unknown } | undefined;
  return typeof error?.message === "string" ? error.message : fallback;
}

/** Sends the file to the presigned URL, reporting the upload's progress in percent; resolves with the HTTP status. */
export function putWithProgress(ticket: Pick<Ticket, "url" | "method" | "headers">, file: File, onProgress: (percent: number) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(ticket.method, ticket.url);
    for (const [name, value] of Object.entries(ticket.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onload = () => resolve(xhr.status);
    xhr.onerror = () => reject(new Error("network"));
    xhr.onabort = () => reject(new Error("network"));
    xhr.send(file);
  });
}

export function DocumentUploader({ proposalId, requirementCode, requirementName, hasCurrent }: DocumentUploaderProps) {
  const t = useT();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [hydrated, setHydrated] = useState(false);
  const [phase, setPhase] = useState<UploadPhase>({ kind: "idle" });
  const revalidator = useRevalidator();
  useEffect(() => setHydrated(true), []);

  const busy = phase.kind === "uploading" || phase.kind === "checking";

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) {
      setPhase({ kind: "error", message: t("uploads.chooseFirst") });
      return;
    }
    try {
      setPhase({ kind: "uploading", percent: 0 });
      const requested = await postJson("/api/uploads", { proposalId, requirementCode, filename: file.name, contentType: file.type, sizeBytes: file.size });
      if (!requested.ok) {
        setPhase({ kind: "error", message: t("uploads.failed", { message: errorMessage(requested.json, t("errorPage.500.body")) }) });
        return;
      }
      const ticket = requested.json as unknown as Ticket;
      const status = await putWithProgress(ticket, file, (percent) => setPhase({ kind: "uploading", percent }));
      if (status < 200 || status >= 300) {
        setPhase({ kind: "error", message: t("uploads.failed", { message: t("uploads.networkError") }) });
        return;
      }
      setPhase({ kind: "checking" });
      const completed = await postJson(`/api/uploads/${encodeURIComponent(ticket.documentId)}/complete`, {});
      if (!completed.ok) {
        setPhase({ kind: "error", message: t("uploads.failed", { message: errorMessage(completed.json, t("errorPage.500.body")) }) });
        return;
      }
      setPhase({ kind: "done", filename: typeof completed.json.filename === "string" ? completed.json.filename : file.name });
      if (input.current) input.current.value = "";
      revalidator.revalidate();
    } catch {
      setPhase({ kind: "error", message: t("uploads.failed", { message: t("uploads.networkError") }) });
    }
  }

  const label = hasCurrent ? t("uploads.replace", { name: requirementName }) : t("uploads.choose", { name: requirementName });

  return (
    <form className="document-uploader" onSubmit={onSubmit} noValidate data-requirement={requirementCode} data-hydrated={hydrated ? "true" : "false"}>
      <noscript>
        <p className="notice">{t("uploads.noJs")}</p>
      </noscript>
      <label htmlFor={`${id}-file`}>{label}</label>
      <input ref={input} id={`${id}-file`} name="file" type="file" accept={UPLOAD_ACCEPT} disabled={!hydrated || busy} />
      <button type="submit" disabled={!hydrated || busy}>
        {t("uploads.submit")}
      </button>
      <UploadStatus phase={phase} name={requirementName} />
    </form>
  );
}

/** The progress bar and the spoken status line of an upload, shared by every uploader. */
export function UploadStatus({ phase, name }: { phase: UploadPhase; name: string }) {
  const t = useT();
  const percent = phase.kind === "uploading" ? phase.percent : phase.kind === "checking" || phase.kind === "done" ? 100 : 0;
  return (
    <>
      {phase.kind === "uploading" || phase.kind === "checking" || phase.kind === "done" ? (
        <progress
          max={100}
          value={percent}
          aria-label={`${t("uploads.progress")}: ${name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent}%`}
        />
      ) : null}
      <p role="status" aria-live="polite" className={phase.kind === "error" ? "error-message" : phase.kind === "done" ? "success-message" : undefined}>
        {phase.kind === "uploading"
          ? t("uploads.uploading", { percent: phase.percent })
          : phase.kind === "checking"
            ? t("uploads.checking")
            : phase.kind === "done"
              ? t("uploads.success", { filename: phase.filename })
              : phase.kind === "error"
                ? phase.message
                : ""}
      </p>
    </>
  );
}
