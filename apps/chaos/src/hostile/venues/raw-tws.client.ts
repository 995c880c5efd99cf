import { FrameReader, encodeFrame } from '@silvertine/tws-emulator';
import { createConnection, type Socket } from 'node:net';

/**
 * A bare TWS API client on a socket: the handshake (`API\0` + version range, START_API) and framed
 * messages both ways, with no decoding of its own, so an attack can send anything a real client never
 * would and read what the server answers.
 */
export class RawTwsClient {
  private readonly reader = new FrameReader();
  private readonly frames: string[][] = [];
  private readonly waiters: { match: (f: readonly string[]) => boolean; resolve: (f: string[] | undefined) => void }[] = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w.resolve(undefined);
    });
  }

  /** Connects; with `handshake`, completes hello and START_API and waits for nextValidId. */
  static async connect(port: number, clientId: number, handshake = true): Promise<RawTwsClient> {
    const socket = createConnection({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    const client = new RawTwsClient(socket);
    if (!handshake) return client;
    const version = Buffer.from('v100..193');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(version.length, 0);
    socket.write(Buffer.concat([Buffer.from('API\0', 'latin1'), length, version]));
    if (!(await client.next(() => true, 3_000))) throw new Error('no server version answer');
    client.send(['71', '2', String(clientId), '']);
    if (!(await client.next((f) => f[0] === '9', 3_000))) throw new Error('no nextValidId after START_API');
    return client;
  }

  /** Sends one framed message. */
  send(fields: readonly string[]): void {
    this.socket.write(encodeFrame(fields));
  }

  /** Writes raw bytes. */
  write(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  /** The next frame (already received or coming) matching `match`; undefined on close or after `ms`. */
  next(match: (f: readonly string[]) => boolean, ms: number): Promise<string[] | undefined> {
    const i = this.frames.findIndex(match);
    if (i >= 0) return Promise.resolve(this.frames.splice(i, 1)[0]);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter = { match, resolve: (f: string[] | undefined) => resolve(f) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        resolve(undefined);
      }, ms);
      waiter.resolve = (f) => {
        clearTimeout(timer);
        resolve(f);
      };
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.reader.push(chunk);
    try {
      for (let f = this.reader.next(); f; f = this.reader.next()) {
        const w = this.waiters.find((x) => x.match(f as string[]));
        if (w) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(f);
        } else this.frames.push(f);
      }
    } catch {
      this.socket.destroy(); // the server sent an oversized frame: not ours to survive
    }
  }
}

/**
 * A PLACE_ORDER message (server version 193 layout, as the emulator's decoder reads it) for a stock
 * LIMIT order; `price` and `quantity` go on the wire as given.
 */
export function placeOrderFields(orderId: number, o: { symbol: string; action: string; quantity: string; price: string; orderRef: string; account: string }): string[] {
  const empty = (n: number) => Array.from({ length: n }, () => '');
  return [
    '3', String(orderId),
    '', o.symbol, 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', // contract
    '', '', // secIdType, secId
    o.action, o.quantity, 'LMT', o.price, '', 'GTC', '', o.account,
    '0', '0', // openClose, origin
    o.orderRef, '1', '0', // orderRef, transmit, parentId
    ...empty(4), '0', '0', // block…trigger, outsideRth, hidden
    ...empty(3), '', ...empty(4), ...empty(3), '0', // …goodTillDate…, ocaType
    ...empty(17), '', '', ...empty(2), // deltaNeutralOrderType, its aux price, continuousUpdate, referencePriceType
    '', '', ...empty(2), '', // trailStopPrice, trailingPercent, scale sizes, scalePriceIncrement
    ...empty(3), '', // scaleTable…activeStopTime, hedgeType
    ...empty(4), '0', '', '', '0', // …notHeld, deltaNeutralContract, algoStrategy, algoId, whatIf
    ...empty(4), '0', // misc options…randomizePrice, conditionCount
    ...empty(2), '', // adjustedOrderType, triggerPrice, lmtPriceOffset
    ...empty(21), ...empty(4),
  ];
}
