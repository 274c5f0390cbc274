/** The closed set of error codes a request can end with, and their user-facing words. */

export const ERROR_CODES = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "SESSION_NOT_LIVE",
  "CODE_NOT_FOUND",
  "RATE_LIMITED",
  "BUSY",
  "OUTDATED",
  "INTERNAL",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorBody {
  code: ErrorCode;
  message: string;
}

export const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  BAD_REQUEST: "That request was not understood.",
  UNAUTHORIZED: "Please sign in.",
  FORBIDDEN: "You do not have access to that session.",
  NOT_FOUND: "That was not found.",
  SESSION_NOT_LIVE: "This session is not live.",
  CODE_NOT_FOUND: "No live session has that code. Check the code with your facilitator.",
  RATE_LIMITED: "Too many requests at once. Please wait a moment.",
  BUSY: "Attune is busy right now; it will try again in a moment.",
  OUTDATED: "Attune was updated — reload this page.",
  INTERNAL: "Something went wrong on our side. Please try again.",
};

/** An error whose code and message may be shown to the person who caused it. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string = DEFAULT_MESSAGES[code]) {
    super(message);
    this.name = "AppError";
    this.code = code;
  }
  toBody(): AppErrorBody {
    return { code: this.code, message: this.message };
  }
}

/**
 * Recognises an AppError by shape, not by class: the Next.js routes are
 * bundled apart from the server, so one error can come from two copies of
 * this module.
 */
export function isAppError(error: unknown): error is AppError {
  return (
    error instanceof Error &&
    error.name === "AppError" &&
    (ERROR_CODES as readonly string[]).includes((error as AppError).code)
  );
}

/** Every request is acknowledged with exactly one of these. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AppErrorBody };
export type AckCallback<T> = (response: Ack<T>) => void;
