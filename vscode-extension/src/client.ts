import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { serverOptions, type Settings } from './settings.js';

/** The language client: the bundled server (or `algo.server.path`) over stdio, for `.algo` files. */
export function createClient(bundledServer: string, settings: Settings): LanguageClient {
  const module = settings.server.path || bundledServer;
  const server: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const client: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'algo' },
      { scheme: 'untitled', language: 'algo' },
    ],
    initializationOptions: serverOptions(settings),
    outputChannelName: 'Algo Language Server',
  };
  return new LanguageClient('algo', 'Algo Language Server', server, client);
}
