import { IsNotEmpty, IsObject, IsOptional, IsString } from 'class-validator';

/** Configuration of a `acme-exchange` broker, validated before the broker is constructed. */
export class AcmeExchangeConfig {
  /** Starting balances of the simulated venue, e.g. { USD: '100000' }. */
  @IsObject()
  balances: Record<string, string> = {};

  /** Account id reported by getAccountInfo. */
  @IsString()
  @IsNotEmpty()
  accountId = 'acme-exchange-account';

  /**
   * Last prices the in-memory venue starts from, e.g. { BTCUSDT: '50000' } (YAML: `trading: prices:`), so
   * MARKET orders fill at once; drop it with the in-memory client.
   */
  @IsOptional()
  @IsObject()
  prices?: Record<string, string>;

  /** Base URL of the real venue, once a real transport replaces the in-memory client. */
  @IsOptional()
  @IsString()
  baseUrl?: string;
}
