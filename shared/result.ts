/** What crosses every transport: a value, or an error the user can act on (message in Chinese). */
export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNKNOWN_METHOD'
  | 'FORBIDDEN'
  | 'CANCELLED'
  | 'DB_TOO_NEW'
  | 'DB_UNAVAILABLE'
  | 'TRANSPORT'
  | 'ENGINE_RESTARTED'
  | 'INTERNAL';

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** Thrown by services; the dispatcher turns it into `{ ok: false, error }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): AppErrorShape {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export interface ProgressEvent {
  jobId: string;
  done: number;
  total: number | null;
  message: string;
}

/** Told to the window outside any call: the engine stopped unexpectedly and was restarted. */
export interface EngineNotice {
  kind: 'engine-restarted';
  message: string;
}
