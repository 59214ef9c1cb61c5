export const ERROR_CODES = [
  "INVALID_INPUT", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT",
  "RATE_LIMITED", "UPSTREAM_FAILED", "INTERNAL",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetail {
  /** File, field path or both: "deal.json: people[2].side", "01-call.vtt:14". */
  path?: string;
  file?: string;
  line?: number;
  field?: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  constructor(code: ErrorCode, message: string, opts: { details?: ErrorDetail[]; cause?: unknown } = {}) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = "AppError";
    this.code = code;
    this.details = opts.details;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export function invalidInput(message: string, details?: ErrorDetail[]): AppError {
  return new AppError("INVALID_INPUT", message, { details });
}
export function notFound(what: string): AppError {
  return new AppError("NOT_FOUND", `${what} not found`);
}
