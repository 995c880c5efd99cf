export * from './redis-client';
export * from './journal/redis-streams-order-journal';
export * from './journal/redis-journal-lock';
export * from './bridge/bounded-id-set';
export * from './bridge/redis-streams-bridge';
export * from './redis-service';
export * from './di/redis.tokens';
export * from './di/redis.module';
export {
  GATEWAY_OPS, GATEWAY_EVENT_TYPES, GatewayProtocolError, commandStreamKey, eventStreamKey, replyStreamKey, encodeCommand, decodeCommand, encodeReply,
  decodeReply, type GatewayOp, type GatewayCommand, type GatewayReply,
} from './gateway/gateway-protocol';
export * from './gateway/error-codec';
export * from './gateway/account-codec';
export * from './gateway/ordered-stream-writer';
export * from './gateway/broker-gateway';
export * from './remote/remote-broker';
export * from './gateway/gateway-lease';
export * from './gateway/gateway-reconciler';
export * from './gateway/strategy-accounting';
