// Drag-and-drop / browse file picker that uploads on submit and reports the API's result or error details.
import { type DragEvent, type ReactNode, useId, useRef, useState } from "react";
import { ApiError } from "../api-client.ts";
import { Alert, ErrorDetails, Spinner } from "./ui.tsx";
import { UploadIcon, XIcon } from "./icons.tsx";

interface Props<T> {
  multiple?: boolean;
  accept?: string;
  title: ReactNode;
  hint?: ReactNode;
  submitLabel: string;
  upload: (files: File[]) => Promise<T>;
  describe: (result: T) => ReactNode;
  onDone?: (result: T) => void;
  compact?: boolean;
  testId?: string;
}

const sizeLabel = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

export function FileDrop<T>({ multiple, accept, title, hint, submitLabel, upload, describe, onDone, compact, testId }: Props<T>) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<ReactNode>(null);

  const pick = (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const picked = Array.from(list);
    setFiles(multiple ? picked : picked.slice(0, 1));
    setError(null);
    setDone(null);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    pick(e.dataTransfer.files);
  };
  const submit = async () => {
    if (files.length === 0 || busy) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const result = await upload(files);
      setDone(describe(result));
      setFiles([]);
      if (input.current) input.current.value = "";
      onDone?.(result);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "CLIENT", e instanceof Error ? e.message : String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={`filedrop${compact ? " filedrop-compact" : ""}`} data-testid={testId}>
      <label
        htmlFor={id}
        className={`dropzone${over ? " is-over" : ""}`}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <span className="dropzone-icon"><UploadIcon size={compact ? 18 : 22} /></span>
        <span className="dropzone-text">
          <span className="dropzone-title">{title}</span>
          {hint && <span className="dropzone-hint">{hint}</span>}
        </span>
        <span className="btn btn-secondary btn-sm">Browse…</span>
        <input id={id} ref={input} type="file" className="visually-hidden" multiple={multiple} accept={accept}
          onChange={(e) => pick(e.target.files)} />
      </label>
      {files.length > 0 && (
        <div className="filedrop-selected">
          <ul className="file-list">
            {files.slice(0, 6).map((f) => <li key={f.name + f.size}><span className="file-name">{f.name}</span><span className="muted">{sizeLabel(f.size)}</span></li>)}
            {files.length > 6 && <li className="muted">and {files.length - 6} more</li>}
          </ul>
          <div className="filedrop-actions">
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => { setFiles([]); if (input.current) input.current.value = ""; }} disabled={busy}>
              <XIcon size={14} /> Clear
            </button>
            <button type="button" className="btn btn-primary btn-sm" onClick={submit} disabled={busy}>
              {busy ? <><Spinner label="Uploading" /> Uploading…</> : submitLabel}
            </button>
          </div>
        </div>
      )}
      {error && (
        <Alert tone="error" onClose={() => setError(null)}>
          <strong>{error.message}</strong>
          {error.details.length > 0 && <ErrorDetails details={error.details} />}
        </Alert>
      )}
      {done && <Alert tone="success" onClose={() => setDone(null)}>{done}</Alert>}
    </div>
  );
}
