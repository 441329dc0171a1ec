/**
 * Every command the extension contributes (the manifest lists the same ids with their
 * titles; a test keeps the two equal). `algo.backtest` and `algo.push` are also what the
 * language server's "Backtest ▶" / "Push" lenses run.
 */
export const COMMAND_IDS = ['algo.backtest', 'algo.push', 'algo.setApiToken', 'algo.clearApiToken', 'algo.restartServer'] as const;
export type CommandId = (typeof COMMAND_IDS)[number];
