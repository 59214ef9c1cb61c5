import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSherpaStt, createSttFromEnv, encodeWav, findSherpaModel, isSpeechWav, readWavInfo, splitWav, transcriptionsUrl } from "./index.ts";

describe("wav", () => {
  it("splits speech-ready audio into chunks with offsets, each a valid WAV", () => {
    const wav = encodeWav(Buffer.alloc(16_000 * 2 * 25)); // 25 s of silence
    expect(isSpeechWav(wav)).toBe(true);
    const parts = splitWav(wav, 10);
    expect(parts.map((p) => [p.offsetSec, p.durationSec])).toEqual([[0, 10], [10, 10], [20, 5]]);
    expect(readWavInfo(parts[2].audio)).toMatchObject({ sampleRate: 16000, channels: 1, dataLength: 16_000 * 2 * 5 });
  });

  it("refuses other sample rates and non-WAV bytes", () => {
    expect(isSpeechWav(encodeWav(Buffer.alloc(100), 44_100))).toBe(false);
    expect(readWavInfo(Buffer.from("ID3 not a wav"))).toBeNull();
    expect(() => splitWav(encodeWav(Buffer.alloc(100), 8000), 10, "x.wav")).toThrow(/16 kHz mono/);
  });
});

describe("provider choice", () => {
  it("builds the endpoint from a base URL", () => {
    expect(transcriptionsUrl("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080/v1/audio/transcriptions");
    expect(transcriptionsUrl("https://api.openai.com/v1/")).toBe("https://api.openai.com/v1/audio/transcriptions");
    expect(transcriptionsUrl("http://h/v1/audio/transcriptions")).toBe("http://h/v1/audio/transcriptions");
  });

  it("names both settings when none is configured", async () => {
    const err = await createSttFromEnv({}).catch((e) => e);
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.details.map((d: { field: string }) => d.field)).toEqual(["BATON_STT_URL", "BATON_STT_SHERPA_MODEL_DIR"]);
    expect((await createSttFromEnv({ BATON_STT_URL: "http://127.0.0.1:9", BATON_STT_MODEL: "base.en" })).name).toBe("http:base.en");
  });
});

/** The first bytes of a real ONNX file: ModelProto field 1 (ir_version = 8). */
const ONNX_HEAD = Buffer.from([0x08, 0x08, 0x12, 0x00]);

describe("sherpa-onnx loader", () => {
  it("checks the model files before anything else", async () => {
    const dir = join(tmpdir(), "baton-no-such-model");
    await expect(createSherpaStt({ modelDir: dir })).rejects.toMatchObject({ code: "INVALID_INPUT", message: `model not found at ${dir}: the folder does not exist` });
    const err = await createSttFromEnv({ BATON_STT_SHERPA_MODEL_DIR: dir }).catch((e) => e);
    expect(err.message).toBe(`model not found at ${dir}: the folder does not exist`);
    expect(err.details[0].field).toBe("BATON_STT_SHERPA_MODEL_DIR");
  });

  it("names the file that is missing or empty, before loading the package", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-sherpa-"));
    let loads = 0;
    const loader = async () => { loads++; throw new Error("must not be loaded"); };
    const fails = async () => (await createSherpaStt({ modelDir: dir, loader }).catch((e) => e)) as { code: string; message: string };
    try {
      expect(await fails()).toMatchObject({ code: "INVALID_INPUT", message: `model not found at ${dir}: no tokens.txt in ${dir}` });
      writeFileSync(join(dir, "tokens.txt"), "a 0\n");
      expect((await fails()).message).toBe(`model not found at ${dir}: no .onnx model file in ${dir}`);
      writeFileSync(join(dir, "tiny-encoder.onnx"), ONNX_HEAD);
      expect((await fails()).message).toBe(`model not found at ${dir}: ${join(dir, "tiny-encoder.onnx")} has no matching decoder .onnx file`);
      writeFileSync(join(dir, "tiny-decoder.onnx"), "");
      expect((await fails()).message).toBe(`model not found at ${dir}: ${join(dir, "tiny-decoder.onnx")} is empty`);
      // Not protobuf: refused here, because the native library would abort the process on it.
      writeFileSync(join(dir, "tiny-decoder.onnx"), "<html>404</html>");
      expect((await fails()).message).toBe(`model not found at ${dir}: ${join(dir, "tiny-decoder.onnx")} is not an ONNX model (damaged or not fully downloaded?)`);
      expect(loads).toBe(0);
      const file = join(dir, "tokens.txt");
      expect(() => findSherpaModel(file)).toThrow(`model not found at ${file}: it is a file, not a folder`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the model files when sherpa-onnx refuses them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-sherpa-"));
    try {
      writeFileSync(join(dir, "tokens.txt"), "a 0\n");
      writeFileSync(join(dir, "model.int8.onnx"), ONNX_HEAD);
      const loader = async () => ({ OfflineRecognizer: class { constructor() { throw new Error("Load model from file failed"); } } } as never);
      const err = await createSherpaStt({ modelDir: dir, loader }).catch((e) => e);
      expect(err.code).toBe("INVALID_INPUT");
      expect(err.message).toBe(`sherpa-onnx could not load the model at ${dir} (${join(dir, "model.int8.onnx")}, ${join(dir, "tokens.txt")}): Load model from file failed`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("finds whisper files, then asks for the package when it is not installed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-sherpa-"));
    try {
      expect(() => findSherpaModel(dir)).toThrow(`model not found at ${dir}`);
      for (const f of ["tiny-tokens.txt", "tiny-encoder.int8.onnx", "tiny-decoder.int8.onnx", "tiny-encoder.onnx", "tiny-decoder.onnx"]) writeFileSync(join(dir, f), ONNX_HEAD);
      expect(findSherpaModel(dir)).toEqual({ kind: "whisper", tokens: join(dir, "tiny-tokens.txt"), encoder: join(dir, "tiny-encoder.onnx"), decoder: join(dir, "tiny-decoder.onnx") });
      await expect(createSherpaStt({ modelDir: dir })).rejects.toMatchObject({ message: expect.stringContaining("install sherpa-onnx-node to use local transcription") });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
