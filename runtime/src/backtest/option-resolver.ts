import type { OptionLeg } from '@algo/compiler';
import type { InstrumentSpec } from '../strategy/instrument.js';
import type { OptionContractResolver } from '../strategy/options.js';
import type { OptionChain } from './option-chain.js';

/**
 * Strike and expiry selection over an {@link OptionChain}, at the signal bar:
 * - expiry: `weekly` → the nearest listed expiry not yet passed; `monthly` → the last expiry
 *   in the calendar month of that nearest expiry (the month's contract);
 * - strike: ATM is the listed strike nearest the underlying's close (ties → the lower); the
 *   leg's `offset` counts listed strikes from it (+ = higher strike);
 * - the contract's close on the signal bar is the order's reference price.
 * Each failure is a sentence for the run's warnings.
 */
export class OptionChainResolver implements OptionContractResolver {
  constructor(private readonly chain: OptionChain) {}

  resolve(underlying: string, leg: OptionLeg, price: number, time: number): { spec: InstrumentSpec; price: number } | { error: string } {
    const right = this.chain.listed(underlying, time).filter((c) => c.right === leg.right && c.expiry !== undefined && c.strike !== undefined);
    if (right.length === 0) return { error: `no ${leg.right} contracts of ${underlying} listed at ${new Date(time).toISOString()}` };
    const expiries = [...new Set(right.map((c) => c.expiry!))].sort((a, b) => a - b);
    let expiry = expiries[0]!;
    if (leg.expiry === 'monthly') {
      const month = monthOf(expiry);
      for (const e of expiries) if (monthOf(e) === month) expiry = e;
    }
    const strikes = right.filter((c) => c.expiry === expiry).sort((a, b) => a.strike! - b.strike!);
    let atm = 0;
    for (let i = 1; i < strikes.length; i++) if (Math.abs(strikes[i]!.strike! - price) < Math.abs(strikes[atm]!.strike! - price)) atm = i;
    const chosen = strikes[atm + leg.strike.offset];
    if (!chosen) return { error: `strike ${leg.strike.select}${leg.strike.offset ? ` (${leg.strike.offset} from ATM)` : ''} of ${underlying} is not listed for expiry ${new Date(expiry).toISOString().slice(0, 10)}` };
    const bar = this.chain.bar(chosen.key, time);
    if (!bar) return { error: `${chosen.key} did not trade on the signal bar at ${new Date(time).toISOString()}` };
    return { spec: chosen, price: bar.c };
  }
}

/** Calendar month (UTC) of an expiry instant — expiries fall in the exchange day, so UTC and IST agree. */
function monthOf(t: number): number {
  const d = new Date(t);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}
