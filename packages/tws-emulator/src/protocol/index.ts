/** The TWS API wire protocol at server version 193: framing, field codecs, messages both ways. */
export * from './message-ids';
export * from './framing.codec';
export * from './wire-format';
export * from './wire-types';
export * from './server-messages.encoder';
export * from './open-order.encoder';
export * from './place-order.decoder';
export * from './client-requests.decoder';
