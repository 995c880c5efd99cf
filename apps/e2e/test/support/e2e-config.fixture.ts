/**
 * The configuration the end-to-end tests write to a temporary file: paper, Binance on its emulator and
 * IB on the TWS emulator in one process. The emulators listen on port 0, so their addresses arrive as
 * `${VAR}` references that the loader substitutes; unquoted `${E2E_TWS_PORT}` is read as a number.
 * Limits are generous on purpose: the concurrency test sends 1,000 orders per broker at once, and what
 * it tests is the brokers, not the rate limiters (those have their own tests in their packages).
 */
export const E2E_YAML = `
environment: testing
plugins:
  - "@silvertine/paper"
  - "@silvertine/binance"
  - "@silvertine/ib"

brokers:
  paper:
    type: paper
    description: paper venue fed by the test's market data
    trading:
      account_type: CASH
      base_currency: USDT
      initial_balances: { USDT: "1000000", ETH: "1000" }
      instruments:
        - { symbol: ETHUSDT, asset_class: CRYPTO, base_asset: ETH, quote_asset: USDT, tick_size: "0.01", step_size: "0.0001", min_notional: "5", multiplier: "1" }
    latency: { model: NONE }
    slippage: { model: PERCENTAGE, bps: "1" }
    commission: { model: PERCENTAGE, maker_bps: "10", taker_bps: "10" }
    seed: 7
    risk_limits:
      max_open_orders: 5000
      max_orders_per_minute: 100000

  binance:
    type: binance
    description: Binance Spot on the emulator
    credentials:
      api_key: \${E2E_BINANCE_API_KEY}
      api_secret: \${E2E_BINANCE_API_SECRET}
    connection:
      environment: custom
      base_url: \${E2E_BINANCE_URL}
      ws_api_url: \${E2E_BINANCE_WS_API_URL}
      # The adapter signs a request (and starts its timeout) only when a connection is free, so a burst
      # of 1,000 orders works with ordinary settings; 10 s allows for a loop shared with two other venues.
      request_timeout_ms: 10000
      recv_window_ms: 5000
      ping_interval_ms: 500
      pong_timeout_ms: 1000
      reconnect_min_delay_ms: 50
      reconnect_max_delay_ms: 400
      unknown_order_check_delay_ms: 100
    trading:
      symbols: [BTCUSDT]
    risk_limits:
      max_open_orders: 5000
      max_orders_per_minute: 100000

  ib:
    type: ib
    description: Interactive Brokers on the TWS emulator
    connection:
      host: 127.0.0.1
      port: \${E2E_TWS_PORT}
      client_id: 7
      connect_timeout_ms: 5000
      request_timeout_ms: 5000
    trading:
      mode: paper
      order_ack_timeout_ms: 10000
      commission_wait_ms: 500
      max_requests_per_second: 1000
      contracts:
        - { symbol: AAPL, exchange: SMART, primary_exchange: NASDAQ, currency: USD }
    reconnect:
      enabled: true
      initial_delay_ms: 50
      max_delay_ms: 400
    risk_limits:
      max_open_orders: 5000
      max_orders_per_minute: 100000

monitoring:
  enabled: false

logging:
  level: error
`;
