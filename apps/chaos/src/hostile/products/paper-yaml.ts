/** One paper broker's entry (indented under `brokers.<name>:`), trading BTCUSDT on a USDT cash account. */
export const PAPER_BROKER_YAML = `    type: paper
    trading:
      account_type: CASH
      base_currency: USDT
      initial_balances: { USDT: "100000" }
      instruments:
        - { symbol: BTCUSDT, asset_class: CRYPTO, base_asset: BTC, quote_asset: USDT, tick_size: "0.01", step_size: "0.00001", min_notional: "5", multiplier: "1" }
`;
