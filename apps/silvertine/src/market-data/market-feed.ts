import type { SilvertineConfig } from '@silvertine/config';
import {
  MarketDataConfigError, MarketDataPackageMissingError, marketFeedFor as composeMarketFeed,
  resolveDataFile as resolveFromPackage, type MarketFeed,
} from '@silvertine/composition';
import { EXIT, UserError } from '../cli/exit-codes';

export type { MarketFeed };

/** The package's typed errors as the app's exit codes: a bad section is INVALID_CONFIG, a missing package PLUGIN_MISSING. */
export function asUserError(error: unknown): unknown {
  if (error instanceof MarketDataPackageMissingError) return new UserError(error.message, EXIT.PLUGIN_MISSING);
  if (error instanceof MarketDataConfigError) return new UserError(error.message, EXIT.INVALID_CONFIG);
  return error;
}

/** Builds the feed `market_data:` asks for (see @silvertine/composition), or undefined for `source: none`. */
export function marketFeedFor(config: SilvertineConfig): MarketFeed | undefined {
  try {
    return composeMarketFeed(config);
  } catch (error) {
    throw asUserError(error);
  }
}

/** A data file path, relative to the config file or inside an installed package. */
export function resolveDataFile(file: string, baseDir: string): string {
  try {
    return resolveFromPackage(file, baseDir);
  } catch (error) {
    throw asUserError(error);
  }
}
