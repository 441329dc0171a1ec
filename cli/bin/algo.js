#!/usr/bin/env node
import { main } from '../dist/main.js';

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // Expected failures are reported by the commands themselves; reaching here is a bug.
    console.error(`algo: internal error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 70;
  },
);
