import type { Settings } from '@algo/compiler';
import type { CoreState } from '../strategy/state.js';

/**
 * What stands between a fired entry rule and an order, checked the way the strategy core
 * checks it on that bar (`StrategyCore.onEntryRule`, in the same order): warm-up, the
 * instrument already held or with an entry waiting, the session window, `max_daily_loss`,
 * `max_trades_per_day`, `max_positions`. Explain lists every gate with its state, so a
 * trader sees what would have blocked an entry even on a bar where none fired.
 */
export interface Gate {
  /** the core's refusal reason this gate gives (`in_position`, `outside_session`, …) */
  readonly reason: string;
  /** true: open; false: closed (an entry here is refused); null: not set for this strategy */
  readonly open: boolean | null;
  readonly detail: string;
}

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The gates of `instrument` at the close of the bar the two states bracket. */
export function entryGates(settings: Settings, instrument: string, warm: boolean, closeMinute: number, before: CoreState, after: CoreState): Gate[] {
  const exitingNow = (id: string) => after.positions.find((q) => q.id === id)?.exiting != null;
  const live = before.positions.filter((p) => !p.exiting && !exitingNow(p.id));
  const mine = live.filter((p) => p.instrument === instrument);
  const waiting = before.pending.filter((p) => p.instrument === instrument);
  const sameDay = before.day.day === after.day.day;
  const entries = sameDay ? before.day.entries : 0;
  const open = live.length + before.pending.length;
  const { start, end } = settings.session;
  const gates: Gate[] = [
    { reason: 'warm_up', open: warm, detail: warm ? 'indicators are warmed up: rules run' : 'still warming up: no rule runs on this bar' },
    {
      reason: 'in_position',
      open: mine.length === 0 && waiting.length === 0,
      detail:
        mine.length > 0
          ? `${instrument} already holds a ${mine[0]!.side} position (${mine[0]!.qty} from ${mine[0]!.entry_price.toLocaleString('en-US')})${settings.asset === 'options' ? ' — options: one position per entry rule' : ''}`
          : waiting.length > 0
            ? `${instrument} has an entry order waiting to fill`
            : `no position or waiting entry on ${instrument}`,
    },
    {
      reason: 'outside_session',
      open: closeMinute >= start.minute && closeMinute <= end.minute,
      detail: `the bar closes at ${clock(closeMinute)}; entries are taken ${start.text}–${end.text}`,
    },
  ];
  const loss = settings.risk.max_daily_loss;
  gates.push(
    loss
      ? { reason: 'max_daily_loss', open: !after.day.halted, detail: after.day.halted ? `max_daily_loss (${loss.kind === 'percent' ? `${loss.value * 100}% of capital` : loss.value}) stopped trading for the day` : `max_daily_loss ${loss.kind === 'percent' ? `${loss.value * 100}% of capital` : loss.value}: not reached` }
      : { reason: 'max_daily_loss', open: null, detail: 'max_daily_loss: not set' },
  );
  const perDay = settings.risk.max_trades_per_day;
  gates.push(
    perDay !== undefined
      ? { reason: 'max_trades_per_day', open: entries < perDay, detail: `max_trades_per_day ${perDay}: ${entries} entr${entries === 1 ? 'y' : 'ies'} sent today` }
      : { reason: 'max_trades_per_day', open: null, detail: 'max_trades_per_day: not set' },
  );
  gates.push({ reason: 'max_positions', open: open < settings.max_positions, detail: `max_positions ${settings.max_positions}: ${open} open or waiting` });
  return gates;
}
