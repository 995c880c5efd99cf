// Public surface of @silvertine/composition.
export { composeApp, closeComposition, type ComposeAppOptions, type AppComposition } from './compose-app';
export { compositionPlan, planModules, createAppModule, type CompositionPlan } from './composition-plan';
export { startRedis, RedisPackageMissingError, type RunningRedis } from './redis-start';
