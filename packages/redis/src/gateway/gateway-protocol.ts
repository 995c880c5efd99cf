/**
 * The wire between RemoteBroker (strategy processes) and BrokerGateway (the process that owns the venue
 * connections), on Redis Streams. Per broker:
 * - `<prefix>gw:<brokerId>:commands`: commands, read by the gateways through one consumer group;
 * - `<prefix>gw:<brokerId>:events`: the broker's OrderUpdate, Fill, ConnectionState and BrokerError events,
 *   in the order the gateway's bus saw them (one stream, so a fill never overtakes its order's update);
 * - `<prefix>gw:<brokerId>:replies:<clientId>`: replies to one RemoteBroker, correlated by request id.
 */

/** What a RemoteBroker may ask. */
export const GATEWAY_OPS = [
  'describe', 'place', 'cancel', 'getOrder', 'resolve', 'openOrders', 'positions', 'localPositions', 'balances', 'account', 'instrument', 'instruments',
] as const;
export type GatewayOp = (typeof GATEWAY_OPS)[number];

/** Event types a gateway copies from its bus to the broker's event stream. */
export const GATEWAY_EVENT_TYPES = ['OrderUpdate', 'Fill', 'ConnectionState', 'BrokerError'] as const;

export const commandStreamKey = (prefix: string, brokerId: string): string => `${prefix}gw:${brokerId}:commands`;
export const eventStreamKey = (prefix: string, brokerId: string): string => `${prefix}gw:${brokerId}:events`;
export const replyStreamKey = (prefix: string, brokerId: string, clientId: string): string => `${prefix}gw:${brokerId}:replies:${clientId}`;

/** A command as read from the stream. `args` is op-specific JSON, decoded by the gateway. */
export interface GatewayCommand {
  /** Request id, echoed in the reply. */
  readonly rid: string;
  readonly op: GatewayOp;
  /** The reply stream. */
  readonly reply: string;
  readonly args: Record<string, unknown>;
}

/** A reply as read from the stream: `value` on success, `error` (an encoded BrokerError) otherwise. */
export type GatewayReply =
  | { readonly rid: string; readonly ok: true; readonly value: unknown }
  | { readonly rid: string; readonly ok: false; readonly error: unknown };

/** A field of a wire message that failed its decoder: names the field and the rule. */
export class GatewayProtocolError extends Error {
  constructor(readonly field: string, readonly rule: string, message: string) {
    super(message);
    this.name = 'GatewayProtocolError';
  }
}

export function encodeCommand(command: GatewayCommand): Record<string, string> {
  return { rid: command.rid, op: command.op, reply: command.reply, a: JSON.stringify(command.args) };
}

/** Decodes a command entry; throws GatewayProtocolError (with the request id when it could be read). */
export function decodeCommand(fields: Record<string, string>): GatewayCommand {
  const rid = fields.rid;
  if (typeof rid !== 'string' || rid === '') throw new GatewayProtocolError('rid', 'required', 'command without a request id');
  const reply = fields.reply;
  if (typeof reply !== 'string' || reply === '') throw new GatewayProtocolError('reply', 'required', `command ${rid} names no reply stream`);
  if (!(GATEWAY_OPS as readonly string[]).includes(fields.op)) throw new GatewayProtocolError('op', 'oneOf', `command ${rid}: unknown op ${JSON.stringify(fields.op)}`);
  let args: unknown;
  try {
    args = JSON.parse(fields.a ?? '{}');
  } catch {
    throw new GatewayProtocolError('a', 'json', `command ${rid}: arguments are not JSON`);
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new GatewayProtocolError('a', 'object', `command ${rid}: arguments must be an object`);
  return { rid, op: fields.op as GatewayOp, reply, args: args as Record<string, unknown> };
}

export function encodeReply(reply: GatewayReply): Record<string, string> {
  return reply.ok ? { rid: reply.rid, ok: '1', v: JSON.stringify(reply.value ?? null) } : { rid: reply.rid, ok: '0', v: JSON.stringify(reply.error) };
}

export function decodeReply(fields: Record<string, string>): GatewayReply {
  const rid = fields.rid;
  if (typeof rid !== 'string' || rid === '') throw new GatewayProtocolError('rid', 'required', 'reply without a request id');
  if (fields.ok !== '1' && fields.ok !== '0') throw new GatewayProtocolError('ok', 'oneOf', `reply ${rid}: ok must be 1 or 0`);
  let v: unknown;
  try {
    v = JSON.parse(fields.v ?? 'null');
  } catch {
    throw new GatewayProtocolError('v', 'json', `reply ${rid}: value is not JSON`);
  }
  return fields.ok === '1' ? { rid, ok: true, value: v } : { rid, ok: false, error: v };
}

/** A string argument of a command, or GatewayProtocolError. */
export function stringArg(args: Record<string, unknown>, field: string, optional = false): string | undefined {
  if (args[field] === undefined && optional) return undefined;
  return requiredString(args, field);
}

/** A required string argument of a command, or GatewayProtocolError. */
export function requiredString(args: Record<string, unknown>, field: string): string {
  const value = args[field];
  if (typeof value !== 'string' || value === '') throw new GatewayProtocolError(field, 'nonEmptyString', `${field} must be a non-empty string`);
  return value;
}

/** An object argument of a command, or GatewayProtocolError. */
export function objectArg(args: Record<string, unknown>, field: string): Record<string, unknown> {
  const value = args[field];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new GatewayProtocolError(field, 'object', `${field} must be an object`);
  return value as Record<string, unknown>;
}
