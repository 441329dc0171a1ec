import type { StatusState } from './host.js';

/** The status-bar item's text, tooltip and click command for a state. */
export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  readonly command: string | undefined;
}

/**
 * How the status bar reads: a check when the `.algo` file is clean, the error and warning
 * counts otherwise (click: Problems), a spinner with a percentage while backtesting, and
 * a short outcome afterwards (click: backtest again).
 */
export function statusView(s: StatusState): StatusView {
  switch (s.kind) {
    case 'idle':
      return { text: '$(check) Algo', tooltip: 'No problems in this strategy — click to backtest it', command: 'algo.backtest' };
    case 'problems': {
      if (s.errors === 0 && s.warnings === 0) return statusView({ kind: 'idle' });
      const parts = [s.errors ? `$(error) ${s.errors}` : '', s.warnings ? `$(warning) ${s.warnings}` : ''].filter(Boolean).join(' ');
      const what = [s.errors ? `${s.errors} error${s.errors === 1 ? '' : 's'}` : '', s.warnings ? `${s.warnings} warning${s.warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ');
      return { text: `Algo ${parts}`, tooltip: `${what} in this strategy — click to see them`, command: 'workbench.actions.view.problems' };
    }
    case 'backtesting':
      return { text: `$(sync~spin) Algo: backtesting${s.percent !== undefined ? ` ${Math.round(s.percent)}%` : '…'}`, tooltip: 'A backtest is running', command: undefined };
    case 'pushing':
      return { text: '$(sync~spin) Algo: pushing…', tooltip: 'Sending the strategy to the server', command: undefined };
    case 'done':
      return { text: `$(graph-line) ${s.text}`, tooltip: 'The last backtest — click to run it again', command: 'algo.backtest' };
  }
}
