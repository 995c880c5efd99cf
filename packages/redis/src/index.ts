export * from './redis-client';
export * from './journal/redis-streams-order-journal';
export * from './bridge/bounded-id-set';
export * from './bridge/redis-streams-bridge';
export * from './redis-service';
export * from './di/redis.tokens';
export * from './di/redis.module';
