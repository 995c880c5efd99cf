// Public surface of @silvertine/composition.
export { composeApp, closeComposition, type ComposeAppOptions, type AppComposition } from './compose-app';
export { compositionPlan, planModules, createAppModule, type CompositionPlan } from './composition-plan';
export { startRedis, RedisPackageMissingError, type RunningRedis } from './redis-start';
export {
  marketFeedFor, resolveDataFile, MarketDataConfigError, MarketDataPackageMissingError,
  type MarketFeed, type MarketReplayHandle,
} from './market-data/market-feed';
export {
  FailoverMarketFeed, type FailoverSourceSpec, type FailoverMarketFeedOptions, type FailoverMarketEvent, type LastKnownMarketData,
} from './market-data/failover-market-feed';
export {
  failoverSourcesFor, startFailoverFeed, type FailoverSourcePlan, type FailoverWiringOptions, type RunningFailoverFeed,
} from './market-data/failover-wiring';
