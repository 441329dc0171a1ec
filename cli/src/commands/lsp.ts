import { runStdioServer } from '@algo/lsp';
import type { Command } from 'commander';
import type { RegisterCommand } from './index.js';

/**
 * `algo lsp --stdio`: the `.algo` language server on standard input and output, for
 * editors other than VS Code (Neovim, Helix, Emacs, Zed, …). It is the same server the
 * VS Code extension bundles. The process runs until the client sends `exit` or closes
 * the pipe; stdout carries only the protocol.
 */
export const registerLsp: RegisterCommand = (program: Command) => {
  program
    .command('lsp')
    .description('Run the .algo language server (for Neovim, Helix, Emacs and other LSP editors)')
    .option('--stdio', 'speak LSP over standard input and output (the only transport, so optional)')
    .addHelpText(
      'after',
      `
Point your editor's LSP client at \`algo lsp --stdio\` for files ending in .algo.
Neovim (0.11+, init.lua):
  vim.filetype.add({ extension = { algo = 'algo' } })
  vim.lsp.config('algo', { cmd = { 'algo', 'lsp', '--stdio' }, filetypes = { 'algo' } })
  vim.lsp.enable('algo')
Helix (languages.toml):
  [language-server.algo]
  command = "algo"
  args = ["lsp", "--stdio"]
  [[language]]
  name = "algo"
  scope = "source.algo"
  file-types = ["algo"]
  comment-token = "//"
  language-servers = ["algo"]
`,
    )
    .action(() => {
      runStdioServer();
    });
};
