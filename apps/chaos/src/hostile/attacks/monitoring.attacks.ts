import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { MONITORING_TOKEN } from '../../harness/secrets';
import type { Attack, AttackContext } from '../attack.types';
import { within } from '../attack-context';
import { CliProcess, judgeFailingCli } from '../products/cli-process';
import { PAPER_BROKER_YAML } from '../products/paper-yaml';

/** `silvertine run` with one paper broker, no market feed (it serves until Ctrl-C) and monitoring on. */
function monitoringYaml(options: { token?: boolean; host?: string }): string {
  return `plugins:
  - "@silvertine/paper"
brokers:
  paper:
${PAPER_BROKER_YAML}monitoring:
  enabled: true
  host: ${options.host ?? '127.0.0.1'}
  port: 0
${options.token ? '  token: ${CHAOS_MONITORING_TOKEN}\n' : ''}logging:
  level: info
  format: json
`;
}

/** One raw HTTP exchange: writes `request`, collects the answer until the server closes or `ms` passes. */
export function rawHttp(port: number, request: string | Buffer, ms = 3_000): Promise<{ status?: number; text: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1]) || undefined, text });
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('end', done);
    socket.on('error', done);
    socket.write(request);
  });
}

/** What a monitoring attack gets: the server's port and the headers that authorize (when a token is set). */
interface MonitoringTarget {
  readonly port: number;
  readonly auth: Record<string, string>;
}

/**
 * Runs `silvertine run` (the user's path) with monitoring on a free port, attacks its HTTP server, then
 * checks it still answers /health, never answered 5xx or leaked a file or the token, and stops with exit
 * 0 on Ctrl-C.
 */
async function monitoringAttack(ctx: AttackContext, token: boolean, attack: (t: MonitoringTarget) => Promise<void>): Promise<void> {
  const file = join(ctx.tmpDir, 'monitoring.yaml');
  writeFileSync(file, monitoringYaml({ token }));
  if (token) ctx.addSecret(MONITORING_TOKEN);
  const cli = new CliProcess(ctx, ['run', '--config', file, '--serve'], { CHAOS_MONITORING_TOKEN: MONITORING_TOKEN }, 25_000);
  try {
    const line = await within(ctx, 15_000, 'silvertine run to serve monitoring', cli.line(/dashboard http:\/\//));
    const port = Number(/http:\/\/[^:]+:(\d+)/.exec(line ?? '')?.[1]);
    if (!port) throw new Error(`silvertine run did not serve monitoring: ${cli.stderr.slice(-300)}`);
    const auth: Record<string, string> = token ? { authorization: `Bearer ${MONITORING_TOKEN}` } : {};
    await attack({ port, auth });
    const health = await within(ctx, 3_000, 'GET /health after the attack', fetch(`http://127.0.0.1:${port}/health`, { headers: auth }).then((r) => r.status));
    if (health !== 200) ctx.wrong(`GET /health answered ${health} after the attack`);
  } finally {
    cli.interrupt();
    const end = await within(ctx, 8_000, 'silvertine run to stop on Ctrl-C', cli.exited);
    if (end.code !== 0) ctx.wrong(`silvertine run exited ${end.code ?? end.signal} after Ctrl-C: ${end.stderr.trim().split('\n').pop()?.slice(0, 160)}`);
  }
}

/** Judges one answer: never a 5xx, never a file's content, the status when one is required. */
function judge(ctx: AttackContext, what: string, answer: { status?: number; text: string }, expect?: (status: number | undefined) => boolean): void {
  ctx.expose(`monitoring answer to ${what}`, answer.text.slice(0, 20_000));
  if (answer.status !== undefined && answer.status >= 500) ctx.wrong(`${what}: answered ${answer.status}`);
  if (/root:.*:0:0:/.test(answer.text)) ctx.wrong(`${what}: served /etc/passwd`);
  if (expect && !expect(answer.status)) ctx.wrong(`${what}: answered ${answer.status ?? 'nothing'}`);
}

const is4xx = (s: number | undefined) => s !== undefined && s >= 400 && s < 500;
const refusedOrClosed = (s: number | undefined) => s === undefined || is4xx(s);

function raw(id: string, input: string, request: () => string | Buffer, expect: (s: number | undefined) => boolean = refusedOrClosed, fast = false, answerMs = 3_000): Attack {
  return {
    id, class: 'monitoring server', input, fast, boundMs: 30_000,
    oracle: 'silvertine run alive; no 5xx, no file served; /health still 200; exits 0 on Ctrl-C; no secret in any answer or log',
    run: (ctx) => monitoringAttack(ctx, false, async ({ port }) => judge(ctx, input, await rawHttp(port, request(), answerMs), expect)),
  };
}

function authAttack(id: string, input: string, headers: Record<string, string>, path = '/metrics', fast = false, refused: (s: number | undefined) => boolean = (s) => s === 401): Attack {
  return {
    id, class: 'monitoring server', input: `token set; ${input}`, fast, boundMs: 30_000,
    oracle: 'answered 401 (and 200 with the right token); the token in no answer or log; /health with the token still 200',
    run: (ctx) => monitoringAttack(ctx, true, async ({ port, auth }) => {
      const answer = await fetch(`http://127.0.0.1:${port}${path}`, { headers }).then(async (r) => ({ status: r.status, text: await r.text() }));
      judge(ctx, input, answer, refused);
      const allowed = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: auth }).then((r) => r.status);
      if (allowed !== 200) ctx.wrong(`the right token was answered ${allowed}`);
    }),
  };
}

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extra}\r\n`;

/** Hostile HTTP to the monitoring server of `silvertine run`, bad tokens, and a public bind without one. */
export const MONITORING_ATTACKS: readonly Attack[] = [
  raw('mon-path-traversal', 'GET /../../../../etc/passwd', () => get('/../../../../etc/passwd'), refusedOrClosed, true),
  raw('mon-path-traversal-encoded', 'GET /%2e%2e/%2e%2e/%2e%2e/etc/passwd', () => get('/%2e%2e/%2e%2e/%2e%2e/etc/passwd')),
  raw('mon-dashboard-traversal', 'GET /dashboard/..%2f..%2f..%2fetc%2fpasswd', () => get('/dashboard/..%2f..%2f..%2fetc%2fpasswd')),
  raw('mon-bad-percent', 'GET /%zz', () => get('/%zz')),
  raw('mon-long-url', 'a 1 MB URL', () => get(`/health?x=${'a'.repeat(1024 * 1024)}`)),
  raw('mon-huge-header', 'a 100 KB header', () => get('/health', `X-Big: ${'b'.repeat(100 * 1024)}\r\n`)),
  // the body is refused unread and must be answered 413 (not only closed); on a loaded machine pushing 10 MB
  // through both loops takes seconds, so the exchange gets 10 s, not the 3 s of a bodiless request
  raw('mon-post-10mb', 'POST /metrics with a 10 MB body', () => `POST /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n${'c'.repeat(10 * 1024 * 1024)}`, (s) => s === 413, false, 10_000),
  raw('mon-bad-method', 'FOO /health', () => `FOO /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
  raw('mon-garbage', '512 seeded random bytes', () => Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256))),
  raw('mon-absolute-url', 'GET http://evil.example/health (absolute form)', () => get('http://evil.example/health'), (s) => s === undefined || s < 500),
  {
    id: 'mon-slowloris', class: 'monitoring server', input: '200 connections sending headers one byte at a time', boundMs: 30_000,
    oracle: '/health from a new connection still answers within 2 s; silvertine run exits 0 on Ctrl-C',
    run: (ctx) => monitoringAttack(ctx, false, async ({ port }) => {
      const sockets = Array.from({ length: 200 }, () => connect({ host: '127.0.0.1', port }).on('error', () => undefined));
      for (const s of sockets) s.write('GET /health HTTP/1.1\r\nHost: x\r\n');
      const status = await within(ctx, 2_000, 'GET /health during the slow connections', fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status));
      if (status !== 200) ctx.wrong(`GET /health answered ${status} during the slow connections`);
      for (const s of sockets) s.destroy();
    }),
  },
  {
    id: 'mon-many-streams', class: 'monitoring server', input: '300 dashboard event streams opened and dropped', boundMs: 30_000,
    oracle: '/health still answers; silvertine run exits 0 on Ctrl-C',
    run: (ctx) => monitoringAttack(ctx, false, async ({ port }) => {
      const sockets = Array.from({ length: 300 }, () => connect({ host: '127.0.0.1', port }).on('error', () => undefined));
      for (const s of sockets) s.write(get('/dashboard/events'));
      const started = Date.now();
      await within(ctx, 5_000, 'GET /health beside 300 streams', fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status));
      ctx.note(`/health answered in ${Date.now() - started} ms beside 300 streams`);
      for (const s of sockets) s.destroy();
    }),
  },
  authAttack('mon-token-missing', 'no token', {}, '/metrics', true),
  authAttack('mon-token-missing-health', 'no token on /health/detailed', {}, '/health/detailed'),
  authAttack('mon-token-wrong', 'a wrong bearer token', { authorization: 'Bearer wrongToken123' }),
  authAttack('mon-token-prefix', 'the token minus its last character', { authorization: `Bearer ${MONITORING_TOKEN.slice(0, -1)}` }),
  authAttack('mon-token-empty', 'an empty bearer', { authorization: 'Bearer ' }),
  authAttack('mon-token-basic', 'the token as Basic credentials', { authorization: `Basic ${Buffer.from(`x:${MONITORING_TOKEN}`).toString('base64')}` }),
  authAttack('mon-token-query-wrong', 'a wrong ?access_token=', {}, '/metrics?access_token=wrong'),
  authAttack('mon-token-huge', 'a 60 KB bearer token', { authorization: `Bearer ${'t'.repeat(60_000)}` }, '/metrics', false, (s) => s === 401 || s === 431),
  {
    id: 'mon-public-bind-no-token', class: 'monitoring server', input: 'monitoring.host 0.0.0.0 without a token', boundMs: 50_000,
    oracle: 'silvertine run refuses to start (non-zero exit with a message) and never listens',
    run: async (ctx) => {
      const file = join(ctx.tmpDir, 'public.yaml');
      writeFileSync(file, monitoringYaml({ host: '0.0.0.0' }));
      const r = await CliProcess.run(ctx, ['run', '--config', file, '--serve'], {}, 40_000);
      if (/dashboard http:\/\//.test(r.stdout)) ctx.wrong('monitoring listened on 0.0.0.0 without a token');
      judgeFailingCli(ctx, 'run', r);
    },
  },
];
