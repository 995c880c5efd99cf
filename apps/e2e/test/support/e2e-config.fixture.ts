/**
 * The configuration the end-to-end tests write to a temporary file: paper, Binance on its emulator and
 * IB on the TWS emulator in one process. The emulators listen on port 0, so their addresses arrive as
 * `${VAR}` references that the loader substitutes; unquoted `${E2E_TWS_PORT}` is read as a number.
 * Limits are generous on purpose: the concurrency test sends 1,000 orders per broker at once, and what
 * it tests is the brokers, not the rate limiters (those have their own tests in their packages).
 * Timeouts that are not what these tests test (request, acknowledgement, connect and commission
 * waits, the pong deadline) are safety nets: with both emulators in the test's own process, a slow
 * answer is the test process waiting for the CPU (npm run test:load), not a venue failing, and must not
 * turn an order UNKNOWN, a fill commission-less or a link dead. Each package tests its own deadlines on
 * virtual time.
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
      # The adapter signs a request (and starts its timeout) only when a connection is free; 60 s is a
      # safety net for a loop shared with two other venues and the emulators, on a loaded machine.
      request_timeout_ms: 60000
      # What the isolation test waits out (with three -2013 answers) before it may declare an order never
      # received; the concurrency test's burst raises it to Binance's maximum (60 s) as a safety net, since
      # a signed order may wait seconds in a loop shared with 3,000 others.
      recv_window_ms: \${E2E_BINANCE_RECV_WINDOW_MS}
      # Pings on the real clock: rare and patient, so a slow loop is never taken for a half-open link.
      ping_interval_ms: 30000
      pong_timeout_ms: 30000
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
      connect_timeout_ms: 60000
      request_timeout_ms: 60000
    trading:
      mode: paper
      # 1,000 orders queue behind each other on one socket: an ack can come late without being lost.
      order_ack_timeout_ms: 120000
      # The emulator sends every commission report right after its execution: the wait only ends a
      # stuck run (a fill released without its commission would break the exact cash check).
      commission_wait_ms: 30000
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
