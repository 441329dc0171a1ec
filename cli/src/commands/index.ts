import type { Command } from 'commander';
import { registerBacktest } from './backtest.js';
import { registerCheck } from './check.js';
import { registerCompile } from './compile.js';
import { registerData } from './data.js';
import { registerDb } from './db.js';
import { registerFmt } from './fmt.js';
import { registerLogin } from './login.js';
import { registerLogs } from './logs.js';
import { registerLsp } from './lsp.js';
import { registerPush } from './push.js';
import { registerServe } from './serve.js';
import { registerStart } from './start.js';
import { registerStop } from './stop.js';
import { registerStrategies } from './strategies.js';

/**
 * Every `algo` sub-command registers itself through one of these: a function that adds
 * the command (with its options, help text and action) to the program. The list below is
 * the whole CLI; add a new command by writing a file in this folder and listing it here.
 */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerCheck,
  registerCompile,
  registerFmt,
  registerData,
  registerDb,
  registerLsp,
  registerBacktest,
  registerServe,
  registerLogin,
  registerPush,
  registerStrategies,
  registerStart,
  registerStop,
  registerLogs,
];
