// Local transcription with sherpa-onnx-node and model files the operator downloads (BATON_STT_SHERPA_MODEL_DIR).
// The package is optional and not a dependency: it is loaded only when this provider is used.
//
// Why no test runs a real model here (checked 2026-11-26 on the project's machines, which reach only the npm
// registry and Debian's packages): `npm install sherpa-onnx-node@1.13.8` works (it pulls the prebuilt
// sherpa-onnx-linux-x64, ~32 MB, which loads in Node 24 and exposes OfflineRecognizer), but neither registry ships
// a sherpa-onnx speech model. The npm sherpa-onnx* packages are runtimes only (no .onnx, no tokens.txt), and
// Debian's offline recognisers (pocketsphinx-en-us) use another engine's format. sherpa-onnx models are published
// only as GitHub release assets and on Hugging Face, which these machines cannot fetch. So the tests cover what
// can be checked without a model: the folder is inspected first and every failure names the path and the file
// that is missing, before the package is loaded (stt.test.ts).
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "../../shared/errors.ts";
import type { SpeechToText } from "./stt.ts";
import { readWavInfo } from "./wav.ts";

export interface SherpaModelFiles { kind: "whisper" | "single"; tokens: string; encoder?: string; decoder?: string; model?: string }

/**
 * Finds tokens + model files in the folder (whisper: *encoder*.onnx and *decoder*.onnx; others: one *.onnx).
 * Fails with "model not found at <dir>: <what is missing>", naming the folder and the missing or empty file.
 */
export function findSherpaModel(dir: string): SherpaModelFiles {
  const missing = (what: string) => new AppError("INVALID_INPUT", `model not found at ${dir}: ${what}`, {
    details: [{ field: "BATON_STT_SHERPA_MODEL_DIR", message: `${what}; expected a folder with tokens.txt and the model's .onnx files (whisper: *encoder*.onnx and *decoder*.onnx)` }],
  });
  if (!existsSync(dir)) throw missing("the folder does not exist");
  if (!statSync(dir).isDirectory()) throw missing("it is a file, not a folder");
  const files = readdirSync(dir);
  const pick = (re: RegExp) => files.filter((f) => re.test(f)).sort((a, b) => Number(a.includes("int8")) - Number(b.includes("int8")))[0];
  // An empty or damaged file must be refused here: sherpa-onnx-node 1.13.8 does not throw on a model it cannot
  // parse, it aborts the whole process ("terminate called after throwing an instance of 'Ort::Exception' …
  // Protobuf parsing failed", seen with the real package). An ONNX file is a protobuf ModelProto whose first field
  // is ir_version (field 1, varint): its first byte is 0x08. That catches an HTML error page or a foreign file
  // saved as .onnx; a truncated file that still starts right (tried: 4 valid header bytes, "ModelProto does not
  // have a graph") still aborts the process. Not done: probing the model in a child process before loading it.
  const nonEmpty = (f: string) => {
    const path = join(dir, f);
    if (statSync(path).size === 0) throw missing(`${path} is empty`);
    if (f.endsWith(".onnx")) {
      const fd = openSync(path, "r");
      const head = Buffer.alloc(1);
      try { readSync(fd, head, 0, 1, 0); } finally { closeSync(fd); }
      if (head[0] !== 0x08) throw missing(`${path} is not an ONNX model (damaged or not fully downloaded?)`);
    }
    return path;
  };
  const tokens = pick(/tokens\.txt$/);
  if (!tokens) throw missing(`no tokens.txt in ${dir}`);
  const encoder = pick(/encoder.*\.onnx$/);
  const decoder = pick(/decoder.*\.onnx$/);
  if (encoder && decoder) return { kind: "whisper", tokens: nonEmpty(tokens), encoder: nonEmpty(encoder), decoder: nonEmpty(decoder) };
  if (encoder || decoder) throw missing(`${join(dir, (encoder ?? decoder)!)} has no matching ${encoder ? "decoder" : "encoder"} .onnx file`);
  const model = pick(/\.onnx$/);
  if (!model) throw missing(`no .onnx model file in ${dir}`);
  return { kind: "single", tokens: nonEmpty(tokens), model: nonEmpty(model) };
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
  let recognizer: InstanceType<SherpaModule["OfflineRecognizer"]>;
  try {
    recognizer = new sherpa.OfflineRecognizer({ featConfig: { sampleRate: 16000, featureDim: 80 }, modelConfig: { ...modelConfig, numThreads: cfg.numThreads ?? 2, provider: "cpu" } });
  } catch (e) {
    // The native library's own message rarely says which file it choked on: name them.
    const used = [files.encoder, files.decoder, files.model, files.tokens].filter(Boolean).join(", ");
    throw new AppError("INVALID_INPUT", `sherpa-onnx could not load the model at ${cfg.modelDir} (${used}): ${(e as Error)?.message ?? String(e)}`, {
      cause: e, details: [{ field: "BATON_STT_SHERPA_MODEL_DIR", message: "the model files are there but sherpa-onnx-node refused them (a wrong or damaged model?)" }],
    });
  }
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
