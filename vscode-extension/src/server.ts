import { runStdioServer } from '@algo/lsp';

// The language server bundled into the extension (`dist/server.js`): the same server as
// `algo lsp --stdio`, started by the client over stdio.
runStdioServer();
