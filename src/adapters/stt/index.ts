// Speech-to-text adapters: an OpenAI-compatible HTTP endpoint or local sherpa-onnx, chosen from the environment.
import { z } from "zod";
import { invalidInput } from "../../shared/errors.ts";
import { createHttpStt } from "./openai-compatible.ts";
import { createSherpaStt } from "./sherpa-onnx.ts";
import type { SpeechToText } from "./stt.ts";

export type { SpeechToText, Transcription, TranscriptSegment } from "./stt.ts";
export { createHttpStt, transcriptionsUrl } from "./openai-compatible.ts";
export { createSherpaStt, findSherpaModel } from "./sherpa-onnx.ts";
export { convertToSpeechWav, findFfmpeg } from "./ffmpeg.ts";
export { encodeWav, isSpeechWav, readWavInfo, splitWav, SPEECH_SAMPLE_RATE } from "./wav.ts";

export const SttConfigSchema = z.object({
  BATON_STT_URL: z.string().url().optional(),
  BATON_STT_API_KEY: z.string().min(1).optional(),
  BATON_STT_MODEL: z.string().min(1).optional(),
  BATON_STT_SHERPA_MODEL_DIR: z.string().min(1).optional(),
});

/** The configured provider: local sherpa-onnx when a model folder is set, else the HTTP endpoint. */
export async function createSttFromEnv(env: Record<string, string | undefined> = process.env): Promise<SpeechToText> {
  const parsed = SttConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw invalidInput("Invalid speech-to-text configuration", parsed.error.issues.map((i) => ({ field: i.path.join("."), path: `env ${i.path.join(".")}`, message: i.message })));
  }
  const c = parsed.data;
  if (c.BATON_STT_SHERPA_MODEL_DIR) return createSherpaStt({ modelDir: c.BATON_STT_SHERPA_MODEL_DIR });
  if (c.BATON_STT_URL) return createHttpStt({ url: c.BATON_STT_URL, apiKey: c.BATON_STT_API_KEY, model: c.BATON_STT_MODEL });
  throw invalidInput("No speech-to-text provider is configured", [
    { field: "BATON_STT_URL", message: "an OpenAI-compatible /v1/audio/transcriptions server (with BATON_STT_API_KEY, BATON_STT_MODEL)" },
    { field: "BATON_STT_SHERPA_MODEL_DIR", message: "or a local sherpa-onnx model folder (needs sherpa-onnx-node installed)" },
  ]);
}
