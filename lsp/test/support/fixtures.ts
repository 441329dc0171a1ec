/** Strategies the server tests open (from DESIGN.md §2 and docs/LANGUAGE.md). */

export const BREAKOUT = `strategy "BankNifty Live Breakout" {
  asset      options
  underlying "NSE_INDEX|Nifty Bank"
  timeframe  5m
  session    09:20 - 15:10
  capital    200_000

  param lookback = 20  in 10..60 step 5
  param rsi_len  = 14

  let upper = highest(high, lookback)[1]
  let lower = lowest(low, lookback)[1]

  entry long "breakout" when close crosses above upper and rsi(close, rsi_len) > 55 {
    buy call atm+1 expiry weekly
    qty 1 lot
    stop_loss 30%
    take_profit 60%
  }
  exit all at 15:10
}
`;

export const PULLBACK = `strategy "RSI pullback" {
  asset     stocks
  symbols   "NSE_EQ|RELIANCE", "NSE_EQ|TCS", "NSE_EQ|INFY"
  timeframe 15m
  max_positions 3
  default stop_loss 2%

  entry long when rsi(close, 14) < 30 and close > sma(close, 200) {
    size 10% of equity
    trailing_stop 1.5%
  }
  exit when rsi(close, 14) > 55
}
`;
