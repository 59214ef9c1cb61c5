// An OpenAI-compatible /v1/audio/transcriptions endpoint (OpenAI, whisper.cpp server, faster-whisper-server):
// multipart `file` + `model`, response_format=verbose_json, whose `segments` carry start/end/text.
import { z } from "zod";
import { AppError } from "../../shared/errors.ts";
import type { SpeechToText, Transcription } from "./stt.ts";

const VerboseJsonSchema = z.object({
  text: z.string().optional(),
  language: z.string().nullish(),
  segments: z.array(z.object({
    start: z.coerce.number(), end: z.coerce.number(), text: z.string(),
    speaker: z.union([z.string(), z.number()]).nullish(),
  })).default([]),
});

/** Accepts a base URL ("http://127.0.0.1:8080", ".../v1") or the full endpoint. */
export function transcriptionsUrl(base: string): string {
  const u = base.replace(/\/+$/, "");
  if (/\/audio\/transcriptions$/.test(u)) return u;
  return /\/v1$/.test(u) ? `${u}/audio/transcriptions` : `${u}/v1/audio/transcriptions`;
}

export function createHttpStt(cfg: { url: string; apiKey?: string; model?: string; fetch?: typeof fetch }): SpeechToText {
  const endpoint = transcriptionsUrl(cfg.url);
  const model = cfg.model ?? "whisper-1";
  const doFetch = cfg.fetch ?? fetch;
  return {
    name: `http:${model}`,
    async transcribe({ audio, filename, signal }): Promise<Transcription> {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(audio)], { type: "audio/wav" }), filename.replace(/\.[^.]+$/, "") + ".wav");
      form.append("model", model);
      form.append("response_format", "verbose_json");
      form.append("timestamp_granularities[]", "segment");
      let res: Response;
      try {
        res = await doFetch(endpoint, { method: "POST", body: form, signal, headers: cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {} });
      } catch (e) {
        throw new AppError("UPSTREAM_FAILED", `Speech-to-text at ${endpoint} cannot be reached: ${(e as Error).message}`, { cause: e, details: [{ field: "BATON_STT_URL", message: endpoint }] });
      }
      const body = await res.text();
      if (!res.ok) {
        throw new AppError("UPSTREAM_FAILED", `Speech-to-text at ${endpoint} answered ${res.status}`, { details: [{ field: "BATON_STT_URL", message: body.slice(0, 300) }] });
      }
      let json: unknown;
      try { json = JSON.parse(body); } catch (e) {
        throw new AppError("UPSTREAM_FAILED", `Speech-to-text at ${endpoint} did not answer JSON (is response_format=verbose_json supported?)`, { cause: e });
      }
      const parsed = VerboseJsonSchema.safeParse(json);
      if (!parsed.success) {
        throw new AppError("UPSTREAM_FAILED", `Speech-to-text at ${endpoint} answered an unexpected shape`, { details: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })) });
      }
      const d = parsed.data;
      // Some servers send only `text` for very short audio: keep it as one segment.
      const segments = d.segments.length || !d.text?.trim() ? d.segments : [{ start: 0, end: 0, text: d.text }];
      return { language: d.language ?? null, segments: segments.map((s) => ({ start: s.start, end: s.end, text: s.text, speaker: s.speaker == null ? null : String(s.speaker) })) };
    },
  };
}
