/**
 * Hover text, an example and the exact math of every indicator, kept apart from the
 * contract in `./indicators.ts` so names, parameters and lookbacks stay easy to review.
 * Notation: x is the source, t the current bar, n a length; "bar 0" is the first bar on
 * which the inputs have a value. Where TA-Lib has the function, the math is TA-Lib's
 * (default unstable period 0); otherwise the definition followed is named.
 */

export interface IndicatorDoc {
  readonly doc: string;
  readonly example: string;
  readonly math: string;
}

export const INDICATOR_DOCS: Readonly<Record<string, IndicatorDoc>> = {
  sma: {
    doc: 'Simple moving average: the plain mean of the last `length` values. Smooth and slow; every value in the window counts the same.',
    example: 'let trend = sma(close, 200)',
    math: 'SMA_t = (x_t + x_{t−1} + … + x_{t−n+1}) / n. First value on bar n−1 (TA-Lib SMA).',
  },
  ema: {
    doc: 'Exponential moving average: recent values weigh more, so it turns sooner than the SMA. Seeded with the SMA of the first `length` values, as TA-Lib does.',
    example: 'entry long when ema(close, 9) crosses above ema(close, 21) { stop_loss 1% }',
    math: 'α = 2/(n+1). EMA_{n−1} = SMA of x_0…x_{n−1}; then EMA_t = α·x_t + (1−α)·EMA_{t−1}. First value on bar n−1 (TA-Lib EMA).',
  },
  wma: {
    doc: 'Linearly weighted moving average: the newest value has weight `length`, the oldest weight 1.',
    example: 'let fast = wma(close, 10)',
    math: 'WMA_t = Σ_{i=0}^{n−1} (n−i)·x_{t−i} / (n(n+1)/2). First value on bar n−1 (TA-Lib WMA).',
  },
  rma: {
    doc: "Wilder's moving average (also called SMMA): an EMA with α = 1/length, seeded with the SMA. The smoothing RSI and ATR use.",
    example: 'let smooth = rma(close, 14)',
    math: 'α = 1/n. RMA_{n−1} = SMA of x_0…x_{n−1}; then RMA_t = (RMA_{t−1}·(n−1) + x_t) / n. First value on bar n−1 (Pine’s `ta.rma`).',
  },
  dema: {
    doc: 'Double exponential moving average: less lag than an EMA of the same length.',
    example: 'let d = dema(close, 20)',
    math: 'E1 = EMA(x, n), E2 = EMA(E1, n); DEMA = 2·E1 − E2. First value on bar 2(n−1) (TA-Lib DEMA).',
  },
  tema: {
    doc: 'Triple exponential moving average: less lag still than DEMA.',
    example: 'let t = tema(close, 20)',
    math: 'E1 = EMA(x, n), E2 = EMA(E1, n), E3 = EMA(E2, n); TEMA = 3·E1 − 3·E2 + E3. First value on bar 3(n−1) (TA-Lib TEMA).',
  },
  rsi: {
    doc: "Relative strength index (0–100) with Wilder's smoothing: the share of recent movement that was upward. Above 70 is commonly read as overbought, below 30 as oversold.",
    example: 'entry long when rsi(close, 14) < 30 { stop_loss 2% }',
    math:
      'd_t = x_t − x_{t−1}; U_t = max(d_t, 0), D_t = max(−d_t, 0). AU_n = mean(U_1…U_n), AD_n = mean(D_1…D_n); ' +
      'then AU_t = (AU_{t−1}·(n−1) + U_t)/n, likewise AD. RSI_t = 100·AU_t/(AU_t + AD_t), and 0 when AU_t + AD_t = 0. First value on bar n (TA-Lib RSI).',
  },
  macd: {
    doc: 'Moving average convergence/divergence. `.line` is the fast EMA minus the slow EMA, `.signal` an EMA of the line, `.hist` their difference. The bare call means `.line`.',
    example: 'entry long when macd(close).line crosses above macd(close).signal { stop_loss 1.5% }',
    math:
      'line = EMA(x, fast) − EMA(x, slow); signal = EMA(line, signal); hist = line − signal (α = 2/(n+1) throughout). ' +
      'As in TA-Lib MACD, both EMAs start on bar slow−1: the slow one seeded with the SMA of x_0…x_{slow−1}, the fast one with the SMA of the `fast` values ending on bar slow−1; ' +
      'the signal EMA is seeded with the SMA of the first `signal` line values. If fast > slow they are swapped. First value on bar (slow−1) + (signal−1).',
  },
  stoch: {
    doc: 'Stochastic oscillator (0–100), slow form: where the close sits in the range of the last `k` bars, smoothed. `.k` is the slow %K, `.d` its moving average. The bare call means `.k`.',
    example: 'entry long when stoch(14, 3, 3).k crosses above stoch(14, 3, 3).d and stoch(14, 3, 3).k < 20 { stop_loss 2% }',
    math:
      'HH = highest high, LL = lowest low of the last k bars; fast%K = 100·(close − LL)/(HH − LL), 0 when HH = LL. ' +
      'k = SMA(fast%K, k_smooth); d = SMA(k, d). First value on bar (k−1) + (k_smooth−1) + (d−1) (TA-Lib STOCH, SMA smoothing).',
  },
  cci: {
    doc: "Commodity channel index: how far the typical price is from its average, in units of its mean deviation. Readings beyond ±100 are unusual.",
    example: 'entry short when cci(20) > 200 { stop_loss 1% }',
    math: 'TP = (high + low + close)/3; M = SMA(TP, n); MD = mean of |TP_{t−i} − M_t| for i < n. CCI = (TP − M)/(0.015·MD), 0 when MD = 0. First value on bar n−1 (TA-Lib CCI).',
  },
  mfi: {
    doc: 'Money flow index (0–100): an RSI of typical price weighted by volume.',
    example: 'entry long when mfi(14) < 20 { stop_loss 2% }',
    math:
      'TP = (high + low + close)/3; flow_t = TP_t·volume_t, positive when TP_t > TP_{t−1}, negative when TP_t < TP_{t−1}, neither when equal. ' +
      'MFI = 100·Σpos/(Σpos + Σneg) over the last n bars, 0 when both sums are 0. First value on bar n (TA-Lib MFI).',
  },
  willr: {
    doc: 'Williams %R (−100–0): where the close sits below the highest high of the last `length` bars.',
    example: 'entry long when willr(14) < -80 { stop_loss 2% }',
    math: 'HH, LL = highest high, lowest low of the last n bars; %R = −100·(HH − close)/(HH − LL), 0 when HH = LL. First value on bar n−1 (TA-Lib WILLR).',
  },
  roc: {
    doc: 'Rate of change in percent over `length` bars: 5 means the source is 5% higher than `length` bars ago.',
    example: 'entry long when roc(close, 10) > 5 { stop_loss 2% }',
    math: 'ROC_t = 100·(x_t / x_{t−n} − 1), 0 when x_{t−n} = 0. First value on bar n (TA-Lib ROC).',
  },
  mom: {
    doc: 'Momentum: the source minus its value `length` bars ago.',
    example: 'exit when mom(close, 10) < 0',
    math: 'MOM_t = x_t − x_{t−n}. First value on bar n (TA-Lib MOM).',
  },
  change: {
    doc: 'Difference from `length` bars ago (1 by default): `change(close)` is today’s move.',
    example: 'entry long when change(close) > 2 * atr(14) { stop_loss 1 atr }',
    math: 'change_t = x_t − x_{t−n}. First value on bar n (Pine’s `ta.change`).',
  },
  tr: {
    doc: 'True range: the bar’s range extended to the previous close when the bar gapped.',
    example: 'let wide = tr() > 2 * atr(14)',
    math: 'TR_t = max(high_t − low_t, |high_t − close_{t−1}|, |low_t − close_{t−1}|). The first bar has no previous close, so the first value is on bar 1 (TA-Lib TRANGE).',
  },
  atr: {
    doc: "Average true range with Wilder's smoothing: the typical size of a bar, gaps included. The yardstick for volatility stops (`stop_loss 2 atr`).",
    example: 'stop_loss at close - 2 * atr(14)',
    math: 'ATR_n = mean(TR_1…TR_n); then ATR_t = (ATR_{t−1}·(n−1) + TR_t)/n. First value on bar n (TA-Lib ATR).',
  },
  stdev: {
    doc: 'Population standard deviation of the last `length` values.',
    example: 'let noisy = stdev(close, 20) > 2 * stdev(close, 100)',
    math: 'μ = SMA(x, n); σ_t = sqrt( (1/n)·Σ_{i<n} x_{t−i}² − μ_t² ). First value on bar n−1 (TA-Lib STDDEV, nbDev 1).',
  },
  bollinger: {
    doc: 'Bollinger Bands: an SMA with bands `mult` population standard deviations above and below. `.upper`, `.middle`, `.lower`; the bare call means `.middle`.',
    example: 'entry long when close crosses above bollinger(close, 20, 2).lower { stop_loss 1.5% }',
    math: 'middle = SMA(x, n); σ = population stdev of the same n values; upper = middle + mult·σ; lower = middle − mult·σ. First value on bar n−1 (TA-Lib BBANDS with SMA).',
  },
  donchian: {
    doc: 'Donchian channel: the highest high and lowest low of the last `length` bars (this bar included) and their midpoint. `.upper`, `.middle`, `.lower`; the bare call means `.middle`. For a breakout, compare with the previous bar’s channel: `close > donchian(20).upper[1]`.',
    example: 'entry long when close > donchian(20).upper[1] { stop_loss at donchian(20).lower }',
    math: 'upper = max(high_{t−n+1…t}); lower = min(low_{t−n+1…t}); middle = (upper + lower)/2. First value on bar n−1. Definition: Richard Donchian’s channel as TradingView’s built-in "Donchian Channels" computes it (TA-Lib MAX/MIN for the bands).',
  },
  supertrend: {
    doc: 'Supertrend: an ATR trailing line that sits below price in an uptrend and above it in a downtrend, flipping when the close crosses it. `.line` is the line, `.direction` is 1 in an uptrend and −1 in a downtrend; the bare call means `.line`.',
    example: 'entry long when supertrend(10, 3).direction crosses above 0 { stop_loss at supertrend(10, 3).line }',
    math:
      'Definition: TradingView’s `ta.supertrend` (Pine v5) with TA-Lib’s ATR, direction sign flipped (here 1 = up). mid = (high + low)/2; A = ATR(n). ' +
      'basicUp = mid + mult·A, basicLo = mid − mult·A. upper_t = basicUp if basicUp < upper_{t−1} or close_{t−1} > upper_{t−1}, else upper_{t−1}; ' +
      'lower_t = basicLo if basicLo > lower_{t−1} or close_{t−1} < lower_{t−1}, else lower_{t−1}. On the first bar with an ATR the direction is −1 (down). ' +
      'Afterwards: if the previous line was the upper band, direction = 1 when close > upper_t, else −1; if it was the lower band, direction = −1 when close < lower_t, else 1. ' +
      'line = lower_t when direction = 1, else upper_t. First value on bar n.',
  },
  adx: {
    doc: "Average directional index (0–100): how strongly the market trends, up or down. Above 25 is commonly read as trending.",
    example: 'entry long when adx(14) > 25 and dmi(14).plus > dmi(14).minus { stop_loss 2 atr }',
    math:
      '+DM_t = high_t − high_{t−1} when that is > 0 and > low_{t−1} − low_t, else 0; −DM_t = low_{t−1} − low_t when that is > 0 and > high_t − high_{t−1}, else 0. ' +
      "Wilder sums S over DM and TR: S starts as the sum of bars 1…n−1, then S_t = S_{t−1} − S_{t−1}/n + v_t. +DI = 100·S(+DM)/S(TR), −DI = 100·S(−DM)/S(TR); " +
      'DX = 100·|+DI − −DI|/(+DI + −DI) (0 when the sum is 0). ADX = mean of the first n DX values (bars n…2n−1), then ADX_t = (ADX_{t−1}·(n−1) + DX_t)/n. First value on bar 2n−1 (TA-Lib ADX).',
  },
  dmi: {
    doc: 'Directional movement: `.plus` (+DI), `.minus` (−DI) and `.adx`, computed together. The bare call means `.adx`.',
    example: 'entry long when dmi(14).plus crosses above dmi(14).minus { stop_loss 2 atr }',
    math: '+DI, −DI and ADX exactly as in `adx` (TA-Lib PLUS_DI, MINUS_DI, ADX). All three outputs start together on bar 2n−1.',
  },
  sar: {
    doc: "Wilder's parabolic stop-and-reverse: a trailing stop that accelerates towards price and flips sides when price touches it.",
    example: 'exit long when close < sar(0.02, 0.2)',
    math:
      'Exactly TA-Lib SAR with acceleration = step (initial value and increment; cut to max when above it). Bar 1 decides the start: short if −DM_1 > 0, else long; ' +
      'the SAR starts at bar 0’s low (long) or high (short) and the extreme point EP at bar 1’s high (long) or low (short). Each bar, long: if low ≤ SAR, reverse to short with ' +
      'SAR = max(EP, previous high, this high), AF = step, EP = this low; else output SAR, and if high > EP then EP = high and AF = min(AF + step, max). ' +
      'Then SAR += AF·(EP − SAR), kept at or below the previous and this bar’s lows (at or above their highs when short). Short is the mirror image. ' +
      'On bar 1 the "previous" bar is bar 1 itself. First value on bar 1.',
  },
  vwap: {
    doc: 'Volume-weighted average price since the session opened: the average price paid today. Resets on the first bar of each session (exchange time zone). Needs volume: on an index, which trades none, it has no value.',
    example: 'entry long when close crosses above vwap() and time < 14:00 { stop_loss 0.5% }',
    math: 'TP = (high + low + close)/3. Over the bars of the current session: VWAP = Σ(TP·volume)/Σvolume; no value while Σvolume = 0. Definition: TradingView’s `ta.vwap` with source hlc3 and anchor "Session". First value on bar 0.',
  },
  obv: {
    doc: 'On-balance volume: a running total of volume, added on up closes and subtracted on down closes. Its trend confirms or questions the price trend.',
    example: 'entry long when obv() > sma(obv(), 20) { stop_loss 2% }',
    math: 'OBV_0 = volume_0; OBV_t = OBV_{t−1} + volume_t if close_t > close_{t−1}, − volume_t if close_t < close_{t−1}, else unchanged. First value on bar 0 (TA-Lib OBV).',
  },
  highest: {
    doc: 'The highest value of the source over the last `length` bars, this bar included. For a breakout compare with the previous bar’s: `highest(high, 20)[1]`.',
    example: 'entry long when close > highest(high, 20)[1] { stop_loss 2% }',
    math: 'max(x_{t−n+1}, …, x_t). First value on bar n−1 (TA-Lib MAX).',
  },
  lowest: {
    doc: 'The lowest value of the source over the last `length` bars, this bar included.',
    example: 'stop_loss at lowest(low, 5)',
    math: 'min(x_{t−n+1}, …, x_t). First value on bar n−1 (TA-Lib MIN).',
  },
  rising: {
    doc: 'True when the source rose on each of the last `length` bars (strictly; an unchanged value breaks the run).',
    example: 'entry long when rising(close, 3) { stop_loss 1% }',
    math: 'x_t > x_{t−1} > … > x_{t−n}. First value on bar n.',
  },
  falling: {
    doc: 'True when the source fell on each of the last `length` bars (strictly).',
    example: 'exit when falling(close, 3)',
    math: 'x_t < x_{t−1} < … < x_{t−n}. First value on bar n.',
  },
  crossover: {
    doc: 'True on the bar where `a` moves above `b`. The same as `a crosses above b`.',
    example: 'entry long when crossover(ema(close, 9), ema(close, 21)) { stop_loss 1% }',
    math: 'a_t > b_t and a_{t−1} ≤ b_{t−1} (Pine’s `ta.crossover`). First value on bar 1.',
  },
  crossunder: {
    doc: 'True on the bar where `a` moves below `b`. The same as `a crosses below b`.',
    example: 'exit when crossunder(close, vwap())',
    math: 'a_t < b_t and a_{t−1} ≥ b_{t−1} (Pine’s `ta.crossunder`). First value on bar 1.',
  },
};
