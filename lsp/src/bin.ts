import { runStdioServer } from './main.js';

// The server as a program: `node lsp/dist/bin.js --stdio` (the flag is accepted for the
// editors that always pass it; stdio is the only transport).
runStdioServer();
