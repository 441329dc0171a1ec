import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  MessageType,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';

/** The repository root (the server is spawned from there). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The server from its TypeScript sources (what tests run: no build needed). */
export const SOURCE_SERVER: readonly string[] = [process.execPath, '--conditions=@algo/source', '--import', 'tsx', 'lsp/src/bin.ts', '--stdio'];

/** The built server (what `algo lsp --stdio` runs; benchmarks measure this one). */
export const BUILT_SERVER: readonly string[] = [process.execPath, 'lsp/dist/bin.js', '--stdio'];

export interface StartOptions {
  /** The command to spawn (default: the server from its sources). */
  readonly command?: readonly string[];
  /** initializationOptions sent to the server. */
  readonly initializationOptions?: Record<string, unknown>;
  readonly capabilities?: ClientCapabilities;
}

/** Every capability the tests use, as VS Code announces them. */
export const CAPABILITIES: ClientCapabilities = {
  textDocument: {
    synchronization: { dynamicRegistration: false },
    completion: {
      completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], labelDetailsSupport: true, resolveSupport: { properties: ['documentation'] } },
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: { signatureInformation: { documentationFormat: ['markdown'], parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true } },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } }, isPreferredSupport: true },
    rename: { prepareSupport: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    foldingRange: { lineFoldingOnly: true },
    semanticTokens: { requests: { full: true, range: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
    inlayHint: {},
    codeLens: {},
  },
  workspace: { configuration: true },
};

/**
 * A language client for tests and benchmarks (Langium-style public test API): spawns the
 * server, speaks JSON-RPC to it over stdio, and records what the server sends on its own
 * (diagnostics, log messages). Waiting is always for a condition with a deadline, never a
 * sleep.
 */
export class TestClient {
  /** Every publishDiagnostics notification, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Log messages of type Error (an internal error in the server is a failed test). */
  readonly errors: string[] = [];
  /** Log messages of type Warning (e.g. a fallback the server had to take). */
  readonly warnings: string[] = [];
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private waiters: Array<() => void> = [];
  private nextUri = 1;
  private exited = false;

  private constructor(
    readonly connection: ProtocolConnection,
    readonly process: ChildProcess,
    readonly initializeResult: InitializeResult,
  ) {}

  static async start(options: StartOptions = {}): Promise<TestClient> {
    const [cmd, ...args] = options.command ?? SOURCE_SERVER;
    const child = spawn(cmd!, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const holder: { client?: TestClient } = {};
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => holder.client?.record(p));
    connection.onNotification(LogMessageNotification.type, (p) => {
      if (p.type === MessageType.Error) holder.client?.errors.push(p.message);
      if (p.type === MessageType.Warning) holder.client?.warnings.push(p.message);
    });
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    connection.listen();
    const exitedEarly = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`the server exited (code ${code}) before answering initialize:\n${stderr}`))),
    );
    const result = await Promise.race([
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        capabilities: options.capabilities ?? CAPABILITIES,
        initializationOptions: options.initializationOptions ?? {},
      }),
      exitedEarly,
    ]);
    exitedEarly.catch(() => undefined);
    const client = new TestClient(connection, child, result);
    holder.client = client;
    child.once('exit', () => (client.exited = true));
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Opens `text` as a new `.algo` document and returns its uri. */
  async open(text: string, uri = `file:///test/doc${this.nextUri++}.algo`): Promise<string> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'algo', version: 1, text } });
    return uri;
  }

  /** Sends incremental changes; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[], text?: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    if (text !== undefined) this.texts.set(uri, text);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Replaces the whole text (a full-text change); returns the new version. */
  async replace(uri: string, text: string): Promise<number> {
    return this.change(uri, [{ text }], text);
  }

  async closeDocument(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** The diagnostics published for `uri` at `version` (waits up to `timeoutMs`). */
  async diagnostics(uri: string, version = this.version(uri), timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    let found: PublishDiagnosticsParams | undefined;
    await this.until(() => {
      found = this.published.find((p) => p.uri === uri && p.version === version);
      return found !== undefined;
    }, timeoutMs, `diagnostics for ${uri} version ${version}`);
    return found!;
  }

  /** Resolves when `condition()` holds, checking whenever a notification arrives; rejects after `timeoutMs`. */
  until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (condition()) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.push(check);
    });
  }

  /** Shuts the server down politely and waits for the process to exit. */
  async stop(): Promise<number | null> {
    if (!this.exited) {
      const exit = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
      try {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // the process is already gone; the exit code says how
      }
      const timer = setTimeout(() => this.process.kill('SIGKILL'), 5_000);
      const code = this.exited ? this.process.exitCode : await exit;
      clearTimeout(timer);
      this.connection.dispose();
      return code;
    }
    this.connection.dispose();
    return this.process.exitCode;
  }

  get hasExited(): boolean {
    return this.exited;
  }

  private record(p: PublishDiagnosticsParams): void {
    this.published.push(p);
    for (const w of [...this.waiters]) w();
  }
}
