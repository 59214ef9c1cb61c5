// RIFF/WAVE PCM: read the header, recognise speech-ready audio (16 kHz mono 16-bit), cut it into chunks.
import { invalidInput } from "../../shared/errors.ts";

export interface WavInfo { sampleRate: number; channels: number; bitsPerSample: number; format: number; dataOffset: number; dataLength: number }

export const SPEECH_SAMPLE_RATE = 16_000;

/** null when the buffer is not a RIFF/WAVE file. Tolerates a data size of 0 or 0xFFFFFFFF (streamed writers). */
export function readWavInfo(buf: Buffer): WavInfo | null {
  if (buf.length < 12 || buf.toString("ascii", 0, 4) !== "RIFF" || buf.toString("ascii", 8, 12) !== "WAVE") return null;
  let off = 12;
  let fmt: Omit<WavInfo, "dataOffset" | "dataLength"> | null = null;
  while (off + 8 <= buf.length) {
    const id = buf.toString("ascii", off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === "fmt " && off + 24 <= buf.length) {
      fmt = { format: buf.readUInt16LE(off + 8), channels: buf.readUInt16LE(off + 10), sampleRate: buf.readUInt32LE(off + 12), bitsPerSample: buf.readUInt16LE(off + 22) };
    } else if (id === "data") {
      if (!fmt) return null;
      const available = buf.length - (off + 8);
      return { ...fmt, dataOffset: off + 8, dataLength: size === 0 || size > available ? available : size };
    }
    off += 8 + size + (size % 2);
  }
  return null;
}

export function isSpeechWav(buf: Buffer): boolean {
  const w = readWavInfo(buf);
  return w != null && w.format === 1 && w.channels === 1 && w.sampleRate === SPEECH_SAMPLE_RATE && w.bitsPerSample === 16;
}

/** A 16-bit PCM WAV file around raw little-endian samples. */
export function encodeWav(pcm: Buffer, sampleRate = SPEECH_SAMPLE_RATE, channels = 1): Buffer {
  const h = Buffer.alloc(44);
  h.write("RIFF", 0, "ascii"); h.writeUInt32LE(36 + pcm.length, 4); h.write("WAVE", 8, "ascii");
  h.write("fmt ", 12, "ascii"); h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24); h.writeUInt32LE(sampleRate * channels * 2, 28); h.writeUInt16LE(channels * 2, 32); h.writeUInt16LE(16, 34);
  h.write("data", 36, "ascii"); h.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([h, pcm]);
}

/** Cuts speech-ready audio into WAV files of at most `seconds` each, with their offsets. */
export function splitWav(buf: Buffer, seconds: number, file = "audio.wav"): Array<{ audio: Buffer; offsetSec: number; durationSec: number }> {
  const w = readWavInfo(buf);
  if (!w || !isSpeechWav(buf)) throw invalidInput(`${file} is not 16 kHz mono 16-bit PCM audio`, [{ file, message: "convert it first (ffmpeg -ac 1 -ar 16000)" }]);
  const bytesPerSec = w.sampleRate * 2;
  const step = Math.max(1, Math.floor(seconds)) * bytesPerSec;
  const data = buf.subarray(w.dataOffset, w.dataOffset + w.dataLength - (w.dataLength % 2));
  const out: Array<{ audio: Buffer; offsetSec: number; durationSec: number }> = [];
  for (let at = 0; at < data.length; at += step) {
    const part = data.subarray(at, Math.min(data.length, at + step));
    out.push({ audio: encodeWav(part, w.sampleRate), offsetSec: at / bytesPerSec, durationSec: part.length / bytesPerSec });
  }
  return out;
}
