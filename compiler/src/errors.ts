/**
 * The compiler package's exceptions. Expected failures (a strategy with errors, a bad
 * parameter override, an invalid graph from outside) are values — diagnostics or error
 * lists — never these. These are for misuse and bugs, each with a stable `code`.
 */
export const ERROR_CODES = {
  /** the reference interpreter was handed a bar without a series its rules read */
  referenceFacts: 'ALGO_REFERENCE_FACTS',
  /** the lowering met an AST shape the checker should have rejected (a compiler bug) */
  internal: 'ALGO_COMPILER_INTERNAL',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** An exception of this package, carrying one of `ERROR_CODES`. */
export class CompilerError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CompilerError';
  }
}
