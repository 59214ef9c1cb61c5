// Local transcription with sherpa-onnx-node and model files the operator downloads (BATON_STT_SHERPA_MODEL_DIR).
// The package is optional and not a dependency: it is loaded only when this provider is used.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "../../shared/errors.ts";
import type { SpeechToText } from "./stt.ts";
import { readWavInfo } from "./wav.ts";

export interface SherpaModelFiles { kind: "whisper" | "single"; tokens: string; encoder?: string; decoder?: string; model?: string }

/** Finds tokens + model files in the folder (whisper: *encoder*.onnx and *decoder*.onnx; others: one *.onnx). */
export function findSherpaModel(dir: string): SherpaModelFiles {
  const missing = () => new AppError("INVALID_INPUT", `model not found at ${dir}`, {
    details: [{ field: "BATON_STT_SHERPA_MODEL_DIR", message: "expected a folder with tokens.txt and the model's .onnx files" }],
  });
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw missing();
  const files = readdirSync(dir);
  const pick = (re: RegExp) => files.filter((f) => re.test(f)).sort((a, b) => Number(a.includes("int8")) - Number(b.includes("int8")))[0];
  const tokens = pick(/tokens\.txt$/);
  if (!tokens) throw missing();
  const encoder = pick(/encoder.*\.onnx$/);
  const decoder = pick(/decoder.*\.onnx$/);
  if (encoder && decoder) return { kind: "whisper", tokens: join(dir, tokens), encoder: join(dir, encoder), decoder: join(dir, decoder) };
  const model = pick(/\.onnx$/);
  if (!model) throw missing();
  return { kind: "single", tokens: join(dir, tokens), model: join(dir, model) };
}

interface SherpaModule {
  OfflineRecognizer: new (config: unknown) => {
    createStream(): { acceptWaveform(w: { sampleRate: number; samples: Float32Array }): void };
    decode(stream: unknown): void;
    getResult(stream: unknown): { text?: string; lang?: string };
  };
}

async function loadSherpa(): Promise<SherpaModule> {
  const name = "sherpa-onnx-node"; // a variable, so bundlers and tsc leave the optional package alone
  try {
    const m = (await import(name)) as { default?: SherpaModule } & SherpaModule;
    return m.OfflineRecognizer ? m : m.default!;
  } catch (e) {
    throw new AppError("INVALID_INPUT", "install sherpa-onnx-node to use local transcription (npm install sherpa-onnx-node)", { cause: e, details: [{ field: "BATON_STT_SHERPA_MODEL_DIR", message: "sherpa-onnx-node is not installed" }] });
  }
}

/** Checks the model files first, then loads the package; both fail with a message naming what is missing. */
export async function createSherpaStt(cfg: { modelDir: string; numThreads?: number; loader?: () => Promise<SherpaModule> }): Promise<SpeechToText> {
  const files = findSherpaModel(cfg.modelDir);
  const sherpa = await (cfg.loader ?? loadSherpa)();
  const modelConfig = files.kind === "whisper"
    ? { whisper: { encoder: files.encoder, decoder: files.decoder }, tokens: files.tokens }
    : { senseVoice: { model: files.model, useInverseTextNormalization: 1 }, tokens: files.tokens };
  const recognizer = new sherpa.OfflineRecognizer({ featConfig: { sampleRate: 16000, featureDim: 80 }, modelConfig: { ...modelConfig, numThreads: cfg.numThreads ?? 2, provider: "cpu" } });
  return {
    name: `sherpa-onnx:${cfg.modelDir}`,
    async transcribe({ audio }) {
      const w = readWavInfo(audio)!;
      const pcm = audio.subarray(w.dataOffset, w.dataOffset + w.dataLength);
      const samples = new Float32Array(Math.floor(pcm.length / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2) / 32768;
      const stream = recognizer.createStream();
      stream.acceptWaveform({ sampleRate: w.sampleRate, samples });
      recognizer.decode(stream);
      const r = recognizer.getResult(stream);
      const text = (r.text ?? "").trim();
      return { language: r.lang?.replace(/[<|>]/g, "") || null, segments: text ? [{ start: 0, end: samples.length / w.sampleRate, text }] : [] };
    },
  };
}
