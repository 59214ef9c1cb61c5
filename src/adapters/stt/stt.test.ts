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

describe("sherpa-onnx loader", () => {
  it("checks the model files before anything else", async () => {
    const dir = join(tmpdir(), "baton-no-such-model");
    await expect(createSherpaStt({ modelDir: dir })).rejects.toMatchObject({ code: "INVALID_INPUT", message: `model not found at ${dir}` });
  });

  it("finds whisper files, then asks for the package when it is not installed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-sherpa-"));
    try {
      expect(() => findSherpaModel(dir)).toThrow(`model not found at ${dir}`);
      for (const f of ["tiny-tokens.txt", "tiny-encoder.int8.onnx", "tiny-decoder.int8.onnx", "tiny-encoder.onnx", "tiny-decoder.onnx"]) writeFileSync(join(dir, f), "");
      expect(findSherpaModel(dir)).toEqual({ kind: "whisper", tokens: join(dir, "tiny-tokens.txt"), encoder: join(dir, "tiny-encoder.onnx"), decoder: join(dir, "tiny-decoder.onnx") });
      await expect(createSherpaStt({ modelDir: dir })).rejects.toMatchObject({ message: expect.stringContaining("install sherpa-onnx-node to use local transcription") });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
