import { z } from 'zod';

/**
 * What a client may set, in `initializationOptions` and later through
 * `workspace/didChangeConfiguration` (`{ settings: { algo: { … } } }`). Unknown keys are
 * ignored and a wrong value falls back to its default, so a stale client setting never
 * stops the server from starting.
 */
export const ServerOptionsSchema = z.object({
  /** Milliseconds after the last keystroke before diagnostics are published. */
  diagnosticsDelayMs: z.number().int().min(0).max(5_000).catch(200).default(200),
  inlayHints: z
    .object({
      warmup: z.boolean().catch(true).default(true),
      paramValues: z.boolean().catch(true).default(true),
    })
    .catch({ warmup: true, paramValues: true })
    .default({ warmup: true, paramValues: true }),
  /** "Backtest ▶" / "Push" lenses above the strategy. */
  codeLens: z.boolean().catch(true).default(true),
});

export type ServerOptions = z.infer<typeof ServerOptionsSchema>;

/** Reads options from whatever the client sent; never throws. */
export function readOptions(raw: unknown, base?: ServerOptions): ServerOptions {
  const input = raw && typeof raw === 'object' ? { ...(base ?? {}), ...(raw as Record<string, unknown>) } : (base ?? {});
  const parsed = ServerOptionsSchema.safeParse(input);
  return parsed.success ? parsed.data : ServerOptionsSchema.parse({});
}
