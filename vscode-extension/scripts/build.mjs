// Bundles the extension with esbuild into dist/: the extension itself (loaded by VS Code),
// the language server it starts (the same server as `algo lsp --stdio`, also its own
// diagnostics worker thread), and the backtest worker it forks for `Algo: Backtest` (so a
// long run never blocks the editor); and copies the report page's chart library there. Workspace
// packages are bundled from their TypeScript sources (export condition `@algo/source`),
// so no `tsc` build is needed first.
//
//   node scripts/build.mjs [--watch]
import { build, context } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(root, '..');

/**
 * The workspace's own sources have no import-time side effects, so modules the bundle does
 * not use (live brokers, Redis, the embedded MongoDB) are left out of it entirely.
 */
const ownSourcesArePure = {
  name: 'own-sources-are-pure',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.pure || args.kind === 'entry-point') return undefined;
      const importerIsOwn = args.importer.startsWith(repo) && !args.importer.includes('node_modules') && !args.importer.startsWith(join(root, 'src'));
      const isOwnPackage = args.path.startsWith('@algo/');
      if (!importerIsOwn && !isOwnPackage) return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { pure: true } });
      if (r.errors.length || r.external || r.path.includes('node_modules')) return r.errors.length ? { errors: r.errors } : undefined;
      return { ...r, sideEffects: false };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  conditions: ['@algo/source'],
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [ownSourcesArePure],
};

const entries = [
  // VS Code loads extensions with require(): CommonJS, with the `vscode` module provided by the host.
  { ...common, entryPoints: [join(root, 'src/extension.ts')], outfile: join(root, 'dist/extension.cjs'), format: 'cjs', external: ['vscode', 'bufferutil', 'utf-8-validate'] },
  { ...common, entryPoints: [join(root, 'src/server.ts')], outfile: join(root, 'dist/server.cjs'), format: 'cjs' },
  // The worker reads bars from MongoDB when asked; the driver's optional native add-ons stay out.
  {
    ...common,
    entryPoints: [join(root, 'src/backtest/worker.ts')],
    outfile: join(root, 'dist/backtest.mjs'),
    format: 'esm',
    banner: { js: "import { createRequire as __algoCreateRequire } from 'node:module'; const require = __algoCreateRequire(import.meta.url);" },
    external: ['kerberos', '@mongodb-js/zstd', '@aws-sdk/credential-providers', 'gcp-metadata', 'snappy', 'socks', 'aws4', 'mongodb-client-encryption'],
  },
];

// The report page's charts: lightweight-charts' standalone build (Apache-2.0, its licence
// header kept), loaded by the webview from dist/.
const charts = dirname(createRequire(import.meta.url).resolve('lightweight-charts/package.json'));
mkdirSync(join(root, 'dist'), { recursive: true });
copyFileSync(join(charts, 'dist', 'lightweight-charts.standalone.production.js'), join(root, 'dist', 'lightweight-charts.standalone.production.js'));

if (process.argv.includes('--watch')) {
  for (const e of entries) await (await context(e)).watch();
} else {
  await Promise.all(entries.map((e) => build(e)));
}
