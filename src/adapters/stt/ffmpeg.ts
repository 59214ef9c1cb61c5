// ffmpeg on PATH: any recording (m4a, mp3, ogg, webm, mp4...) to 16 kHz mono 16-bit WAV for speech-to-text.
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, extname, join } from "node:path";
import { AppError } from "../../shared/errors.ts";

/** The ffmpeg executable on PATH (or BATON_FFMPEG), or null. */
export function findFfmpeg(env: Record<string, string | undefined> = process.env): string | null {
  const candidates = env.BATON_FFMPEG ? [env.BATON_FFMPEG] : (env.PATH ?? "").split(delimiter).filter(Boolean).map((d) => join(d, "ffmpeg"));
  for (const c of candidates) {
    try { accessSync(c, constants.X_OK); return c; } catch { /* next */ }
  }
  return null;
}

export async function convertToSpeechWav(audio: Buffer, filename: string, opts: { ffmpeg?: string | null } = {}): Promise<Buffer> {
  const ffmpeg = opts.ffmpeg === undefined ? findFfmpeg() : opts.ffmpeg;
  if (!ffmpeg) {
    throw new AppError("INVALID_INPUT", "ffmpeg not found on PATH", { details: [{ file: filename, message: "install ffmpeg (apt-get install ffmpeg) to import recordings, or upload a 16 kHz mono WAV" }] });
  }
  // Files, not pipes: MP4/M4A keep their index at the end, which ffmpeg cannot read from a pipe.
  const dir = await mkdtemp(join(tmpdir(), "baton-audio-"));
  try {
    const input = join(dir, `input${extname(filename).toLowerCase() || ".bin"}`);
    const output = join(dir, "speech.wav");
    await writeFile(input, audio);
    const stderr = await new Promise<string>((resolve, reject) => {
      const p = spawn(ffmpeg, ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", input, "-vn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", "-f", "wav", output], { stdio: ["ignore", "ignore", "pipe"] });
      let err = "";
      p.stderr.on("data", (d: Buffer) => { err += d.toString(); });
      p.on("error", reject);
      p.on("close", (code) => (code === 0 ? resolve(err) : reject(new AppError("INVALID_INPUT", `ffmpeg could not read ${filename}`, { details: [{ file: filename, message: err.trim().split("\n").slice(-2).join(" ") || `exit code ${code}` }] }))));
    });
    void stderr;
    return await readFile(output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
