import { z } from 'zod';

/**
 * The `algo.*` settings, as the manifest (`contributes.configuration`) documents them.
 * Read through zod: a wrong value (hand-edited settings.json) falls back to its default
 * instead of breaking a command, and the commands see one typed object.
 */
const DATE = /^(\d{4}-\d{2}-\d{2})?$/;

export const SettingsSchema = z.object({
  backtest: z.object({
    data: z.array(z.string().min(1)).min(1).catch(['synth']).default(['synth']),
    from: z.string().regex(DATE).catch('').default(''),
    to: z.string().regex(DATE).catch('').default(''),
    params: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).catch({}).default({}),
    seed: z.number().int().catch(1).default(1),
    mongoUrl: z.string().catch('').default(''),
  }),
  api: z.object({ url: z.string().catch('http://127.0.0.1:7070').default('http://127.0.0.1:7070') }),
  diagnostics: z.object({ delay: z.number().int().min(0).max(5_000).catch(200).default(200) }),
  inlayHints: z.object({ warmup: z.boolean().catch(true).default(true), paramValues: z.boolean().catch(true).default(true) }),
  codeLens: z.object({ enabled: z.boolean().catch(true).default(true) }),
  server: z.object({ path: z.string().catch('').default('') }),
});

export type Settings = z.infer<typeof SettingsSchema>;

/** Every setting key the manifest declares, with the path into `Settings` it fills. */
export const SETTING_KEYS = [
  'backtest.data',
  'backtest.from',
  'backtest.to',
  'backtest.params',
  'backtest.seed',
  'backtest.mongoUrl',
  'api.url',
  'diagnostics.delay',
  'inlayHints.warmup',
  'inlayHints.paramValues',
  'codeLens.enabled',
  'server.path',
] as const;

/**
 * Reads the settings through `get` (VS Code's `workspace.getConfiguration('algo').get`),
 * with every missing or invalid value at its default.
 */
export function readSettings(get: (key: string) => unknown): Settings {
  const raw: Record<string, Record<string, unknown>> = {};
  for (const key of SETTING_KEYS) {
    const [group, name] = key.split('.') as [string, string];
    const value = get(key);
    raw[group] ??= {};
    if (value !== undefined && value !== null) raw[group]![name] = value;
  }
  return SettingsSchema.parse(raw);
}

/** What the language server takes as `initializationOptions` and configuration. */
export function serverOptions(s: Settings): { diagnosticsDelayMs: number; inlayHints: { warmup: boolean; paramValues: boolean }; codeLens: boolean } {
  return { diagnosticsDelayMs: s.diagnostics.delay, inlayHints: s.inlayHints, codeLens: s.codeLens.enabled };
}

/**
 * `algo.backtest.params` as the compiler takes them: numbers and true/false as they are,
 * `"1.5%"` as 0.015, `"30"` as 30. Returns the first value it cannot read as an error.
 */
export function paramOverrides(params: Settings['backtest']['params']): { params: Record<string, number | boolean> } | { error: string } {
  const out: Record<string, number | boolean> = {};
  for (const [name, v] of Object.entries(params)) {
    if (typeof v !== 'string') {
      out[name] = v;
      continue;
    }
    const t = v.trim();
    const n = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
    if (t === 'true' || t === 'false') out[name] = t === 'true';
    else if (t !== '' && Number.isFinite(n)) out[name] = n;
    else return { error: `algo.backtest.params: "${name}": "${v}" is not a number, a percentage or true/false` };
  }
  return { params: out };
}
