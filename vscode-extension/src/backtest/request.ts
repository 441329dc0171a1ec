import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/**
 * What the extension asks the backtest worker to run: the strategy text, where its bars
 * come from (`algo backtest --data` specs, file paths already absolute), the window, the
 * param overrides and the seed. Validated by the worker, since it crosses a process
 * boundary.
 */
export const BacktestRequestSchema = z.object({
  source: z.string(),
  uri: z.string(),
  data: z.array(z.string().min(1)).min(1),
  from: z.string().optional(),
  to: z.string().optional(),
  params: z.record(z.string(), z.union([z.number(), z.boolean()])),
  seed: z.number().int(),
  mongoUrl: z.string().optional(),
  /** When set, the worker also renders the report page for the webview that will show it. */
  report: z
    .object({
      /** nonce of the page's inline style and scripts */
      nonce: z.string().min(16),
      /** the webview's CSP source */
      cspSource: z.string(),
      /** where the page loads lightweight-charts from (a webview URI of the bundled copy) */
      chartLibrary: z.string(),
    })
    .optional(),
});
export type BacktestRequest = z.infer<typeof BacktestRequestSchema>;

/**
 * Makes the file paths of data specs absolute, relative to `folder` (the workspace folder
 * of the strategy): `tcs.csv`, `NSE_EQ|TCS=data/tcs.csv`. `synth…` and `mongo…` specs are
 * kept as they are.
 */
export function resolveDataPaths(specs: readonly string[], folder: string | undefined): string[] {
  return specs.map((spec) => {
    if (/^(synth|mongo)(:.*)?$/.test(spec) || !folder) return spec;
    const eq = spec.lastIndexOf('=');
    if (eq > 0) {
      const path = spec.slice(eq + 1);
      return `${spec.slice(0, eq + 1)}${isAbsolute(path) ? path : resolve(folder, path)}`;
    }
    return isAbsolute(spec) ? spec : resolve(folder, spec);
  });
}
