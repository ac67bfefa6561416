/**
 * A problem found in one value. Validators return issues instead of throwing so that a form or an
 * import can show every problem at once; `code` is stable for programs and tests, `message` is
 * Simplified Chinese for the person who has to fix the value.
 */
export type Severity = 'error' | 'warning';

export interface Issue {
  severity: Severity;
  /** Stable UPPER_SNAKE identifier, e.g. ID_CHECKSUM. */
  code: string;
  /** What is wrong and how to fix it, in Chinese. */
  message: string;
}

/** An error blocks saving the value. */
export const err = (code: string, message: string): Issue => ({ severity: 'error', code, message });

/** A warning is shown but does not block saving (the value may still be right). */
export const warn = (code: string, message: string): Issue => ({ severity: 'warning', code, message });
