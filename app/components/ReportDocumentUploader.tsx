// Adds one supporting document to a report, for a budget heading or the report as a whole,
// through the same steps as proposal documents: the report page's action hands out a
// presigned PUT ("upload-request"), the browser sends the bytes to the object store with a
// real progress bar, then the action checks what arrived ("upload-complete"). Without
// JavaScript it explains that uploads need it. It is not a form of its own (it sits inside
// the report's form): the file input has no name, so the report's autosave never posts it.
import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type SyntheticEvent } from "react";
import { UPLOAD_ACCEPT } from "~/modules/documents/upload-rules.ts";
import { putWithProgress, UploadStatus, type UploadPhase } from "./DocumentUploader.tsx";
import { useT } from "~/utils/i18n.ts";

export type UploadAnswer =
  | { ok: true; intent: "upload-request"; ticket: { documentId: string; url: string; method: "PUT"; headers: Record<string, string> } }
  | { ok: true; intent: "upload-complete"; status: "ready" | "rejected"; filename: string; message: string }
  | { ok: false; intent: "upload-request" | "upload-complete"; message: string };

/** Calls `onAnswer` once per submission, when the fetcher comes back (not with an older answer). */
function useAnswer(fetcher: ReturnType<typeof useFetcher<UploadAnswer>>, onAnswer: (a: UploadAnswer) => void) {
  const pending = useRef(false);
  const busy = useRef(false);
  const handler = useRef(onAnswer);
  handler.current = onAnswer;
  useEffect(() => {
    if (!pending.current) return;
    if (fetcher.state !== "idle") {
      busy.current = true;
      return;
    }
    if (busy.current && fetcher.data) {
      pending.current = false;
      busy.current = false;
      handler.current(fetcher.data);
    }
  }, [fetcher.state, fetcher.data]);
  return () => {
    pending.current = true;
    busy.current = false;
  };
}

export function ReportDocumentUploader({ headingCode, name }: { headingCode: string; name: string }) {
  const t = useT();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const file = useRef<File | null>(null);
  const [hydrated, setHydrated] = useState(false);
  const [phase, setPhase] = useState<UploadPhase>({ kind: "idle" });
  const requestFetcher = useFetcher<UploadAnswer>({ key: `${id}-request` });
  const completeFetcher = useFetcher<UploadAnswer>({ key: `${id}-complete` });
  useEffect(() => setHydrated(true), []);

  const failed = (message: string) => setPhase({ kind: "error", message: t("uploads.failed", { message }) });

  const expectComplete = useAnswer(completeFetcher, (answer) => {
    if (!answer.ok) return failed(answer.message);
    if (answer.intent !== "upload-complete") return;
    if (answer.status === "rejected") return failed(answer.message);
    setPhase({ kind: "done", filename: answer.filename });
    if (input.current) input.current.value = "";
  });

  const expectTicket = useAnswer(requestFetcher, (answer) => {
    if (!answer.ok) return failed(answer.message);
    if (answer.intent !== "upload-request" || !file.current) return;
    const { ticket } = answer;
    setPhase({ kind: "uploading", percent: 0 });
    putWithProgress(ticket, file.current, (percent) => setPhase({ kind: "uploading", percent }))
      .then((status) => {
        if (status < 200 || status >= 300) return failed(t("uploads.networkError"));
        setPhase({ kind: "checking" });
        expectComplete();
        completeFetcher.submit({ intent: "upload-complete", documentId: ticket.documentId }, { method: "post" });
      })
      .catch(() => failed(t("uploads.networkError")));
  });

  function upload() {
    const chosen = input.current?.files?.[0];
    if (!chosen) {
      setPhase({ kind: "error", message: t("uploads.chooseFirst") });
      return;
    }
    file.current = chosen;
    setPhase({ kind: "requesting" });
    expectTicket();
    requestFetcher.submit({ intent: "upload-request", headingCode, filename: chosen.name, contentType: chosen.type, sizeBytes: String(chosen.size) }, { method: "post" });
  }

  // Choosing a file is not an edit of the report: the report's autosave need not hear of it.
  const quiet = (e: SyntheticEvent) => e.stopPropagation();
  const busy = phase.kind === "requesting" || phase.kind === "uploading" || phase.kind === "checking";
  return (
    <div className="document-uploader" data-heading={headingCode} data-hydrated={hydrated ? "true" : "false"}>
      <noscript>
        <p className="notice">{t("uploads.noJs")}</p>
      </noscript>
      <label htmlFor={`${id}-file`}>{t("reports.documents.choose", { name })}</label>
      <input ref={input} id={`${id}-file`} type="file" accept={UPLOAD_ACCEPT} disabled={!hydrated || busy} onChange={quiet} onInput={quiet} />
      <button type="button" className="button button--secondary button--small" disabled={!hydrated || busy} onClick={upload}>
        {t("uploads.submit")}
      </button>
      <UploadStatus phase={phase} name={name} />
    </div>
  );
}
