import { startTwsEmulator, type TwsEmulator } from '@silvertine/tws-emulator';
import type { Attack, AttackContext } from '../attack.types';
import { within } from '../attack-context';
import { CliProcess, TWS_EMULATOR_CLI } from '../products/cli-process';
import { RawTwsClient, placeOrderFields } from '../venues/raw-tws.client';

/**
 * The emulator keeps serving: a new client completes the handshake, gets the current time, and an
 * honest PLACE_ORDER is recorded once.
 */
async function stillServes(ctx: AttackContext, tws: TwsEmulator): Promise<void> {
  const client = await within(ctx, 5_000, 'a new client handshake after the attack', RawTwsClient.connect(tws.port, 901));
  try {
    client.send(['49', '1']);
    if (!(await client.next((f) => f[0] === '49', 3_000))) ctx.wrong('no answer to REQ_CURRENT_TIME after the attack');
    const before = tws.orders().length;
    client.send(placeOrderFields(5_000, { symbol: 'AAPL', action: 'BUY', quantity: '1', price: '140', orderRef: 'afterAttack', account: 'DU1234567' }));
    await client.next((f) => f[0] === '3' || f[0] === '5', 3_000);
    if (tws.orders().length !== before + 1) ctx.wrong('an honest order after the attack was not recorded once');
  } finally {
    client.close();
  }
}

/** Runs `body` against a fresh emulator (AAPL at 150); the emulator lives in this process: a crash ends it. */
async function withTws(ctx: AttackContext, body: (tws: TwsEmulator) => Promise<void>): Promise<void> {
  const tws = await startTwsEmulator({ port: 0, timerIntervalMs: 0 });
  tws.setPrice('AAPL', 150);
  try {
    await body(tws);
    await stillServes(ctx, tws);
  } finally {
    await tws.close();
  }
}

/** Bytes or messages from a client: the emulator answers an error or drops that client, records nothing, serves the next. */
function wire(id: string, input: string, attack: (client: RawTwsClient, random: () => number) => void, handshake = true, fast = false): Attack {
  return {
    id, class: 'tws emulator', input: `client sends ${input}`, fast,
    oracle: 'emulator alive; no order recorded; answers an error or drops that client; a new client still connects and trades',
    run: (ctx) => withTws(ctx, async (tws) => {
      const client = await RawTwsClient.connect(tws.port, 900, handshake);
      const orders = tws.orders().length;
      attack(client, ctx.random);
      const reply = await client.next(() => true, 1_500);
      ctx.note(reply ? `answer: ${reply.slice(0, 4).join('|').slice(0, 120)}` : client.closed ? 'client dropped' : 'no answer');
      client.close();
      if (tws.orders().length !== orders) ctx.wrong('the hostile message recorded an order');
    }),
  };
}

/**
 * A control command typed into the `tws-emulator` command (its stdin control protocol, what
 * `silvertine emulate ib` runs): refused with an error line within 3 s, the process alive, still
 * accepting clients and orders.
 */
function command(id: string, line: string, fast = false): Attack {
  return {
    id, class: 'tws emulator', input: `control command \`${line.length > 60 ? `${line.slice(0, 40)}… (${line.length} chars)` : line}\``, fast,
    oracle: 'emulator process alive; the command is refused (an error line) within 3 s; it keeps accepting clients and orders',
    run: async (ctx) => {
      const emulator = new CliProcess(ctx, ['--port', '0'], {}, 18_000, TWS_EMULATOR_CLI);
      try {
        const listening = await within(ctx, 8_000, 'the emulator to listen', emulator.line(/^listening on /));
        const port = Number(/:(\d+)$/.exec(listening ?? '')?.[1]);
        if (!port) throw new Error(`the emulator did not start: ${emulator.stderr.slice(-300)}`);
        const from = emulator.lines.length;
        emulator.writeLine(line);
        const reply = await within(ctx, 3_000, `an answer to \`${line.slice(0, 40)}\``, emulator.line(/./, from));
        if (reply === undefined) return ctx.wrong(`the emulator process ended (${(await emulator.exited).code}): ${emulator.stderr.slice(-200)}`);
        if (!/^error/.test(reply)) ctx.wrong(`the command was accepted: ${reply.slice(0, 120)}`);
        const client = await within(ctx, 5_000, 'a client handshake after the command', RawTwsClient.connect(port, 902));
        client.send(placeOrderFields(6_000, { symbol: 'AAPL', action: 'BUY', quantity: '1', price: '140', orderRef: 'afterCommand', account: 'DU1234567' }));
        if (!(await client.next((f) => f[0] === '3' || f[0] === '5', 3_000))) ctx.wrong('no order status for an honest order after the command');
        client.close();
      } finally {
        emulator.interrupt();
        await emulator.exited;
      }
    },
  };
}

const order = (quantity: string, price: string) => placeOrderFields(77, { symbol: 'AAPL', action: 'BUY', quantity, price, orderRef: 'hostile1', account: 'DU1234567' });

/** A hostile client and hostile control input. */
export const TWS_EMULATOR_ATTACKS: readonly Attack[] = [
  wire('tws-emu-http-hello', 'an HTTP request instead of the API hello', (c) => c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), false),
  wire('tws-emu-hello-huge', 'a hello whose version frame announces 0x7fffffff bytes', (c) => c.write(Buffer.concat([Buffer.from('API\0', 'latin1'), Buffer.from([0x7f, 0xff, 0xff, 0xff])])), false),
  wire('tws-emu-length-max', 'a length prefix of 0x7fffffff after the handshake', (c) => c.write(Buffer.from([0x7f, 0xff, 0xff, 0xff, 0x31, 0x00])), true, true),
  wire('tws-emu-random', '256 seeded random bytes after the handshake', (c, r) => c.write(Buffer.from(Array.from({ length: 256 }, () => Math.floor(r() * 256))))),
  wire('tws-emu-unknown-id', 'message id "abc"', (c) => c.send(['abc', '1'])),
  wire('tws-emu-place-truncated', 'a PLACE_ORDER cut after its order id', (c) => c.send(['3', '77'])),
  wire('tws-emu-place-price-abc', 'a PLACE_ORDER priced "abc"', (c) => c.send(order('10', 'abc'))),
  wire('tws-emu-place-price-huge', 'a PLACE_ORDER priced "1e999999999"', (c) => c.send(order('10', '1e999999999'))),
  wire('tws-emu-place-qty-negative', 'a PLACE_ORDER of "-10" shares', (c) => c.send(order('-10', '140'))),
  wire('tws-emu-place-qty-nan', 'a PLACE_ORDER of "NaN" shares', (c) => c.send(order('NaN', '140'))),
  wire('tws-emu-cancel-abc', 'a CANCEL_ORDER of order id "abc"', (c) => c.send(['4', 'abc', '', '', ''])),
  wire('tws-emu-10mb-field', 'a 10 MB field in REQ_CONTRACT_DATA', (c) => c.send(['9', '8', '1', '0', 'x'.repeat(10 * 1024 * 1024)])),
  command('tws-emu-ctl-price-huge', 'price AAPL 1e999999999', true),
  command('tws-emu-ctl-price-abc', 'price AAPL abc'),
  command('tws-emu-ctl-price-negative', 'price AAPL -5'),
  command('tws-emu-ctl-size-negative', 'quote AAPL bid=149 ask=151 bidSize=-5'),
  command('tws-emu-ctl-quote-nan', 'quote AAPL bid=NaN ask=151'),
  command('tws-emu-ctl-cash-huge', 'cash DU1234567 USD 1e999999999'),
  command('tws-emu-ctl-refuse-forever', 'refuse 1e400'),
  command('tws-emu-ctl-restart-abc', 'restart abc'),
  command('tws-emu-ctl-long-line', `price AAPL ${'9'.repeat(1_000_000)}`),
];
