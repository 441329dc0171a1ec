/**
 * Stable codes for storage failures, in one place. Expected failures (a server that cannot
 * be reached, nothing to resolve) travel as `Outcome` values; misuse and corrupt data
 * throw a `StorageError` carrying one of these codes.
 */
export type StorageErrorCode =
  | 'STORAGE_UNREACHABLE'
  | 'STORAGE_UNAVAILABLE'
  | 'STORAGE_INVALID_DOCUMENT'
  | 'STORAGE_CORRUPT_DOCUMENT'
  | 'STORAGE_CONFIG'
  | 'STORAGE_DECRYPT_FAILED'
  | 'STORAGE_BAD_KEY';

/** The result of an operation whose failure is expected and must be reported, not thrown. */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: StorageErrorCode; readonly message: string };

export function success<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function failure<T = never>(code: StorageErrorCode, message: string): Outcome<T> {
  return { ok: false, code, message };
}

/** A storage bug or misuse, with a stable code. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}
