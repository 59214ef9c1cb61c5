// Speech-to-text: the interface every provider implements, and the shape its result takes.

/** One timed stretch of speech, in seconds from the start of the audio it was given. */
export interface TranscriptSegment { start: number; end: number; text: string; speaker?: string | null }
export interface Transcription { segments: TranscriptSegment[]; language: string | null }

export interface SpeechToText {
  /** For logs and the import result: "http:whisper-1", "sherpa-onnx:/models/whisper-tiny". */
  name: string;
  /** `audio` is a 16 kHz mono 16-bit PCM WAV file. */
  transcribe(input: { audio: Buffer; filename: string; signal?: AbortSignal }): Promise<Transcription>;
}
