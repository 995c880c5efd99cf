import { createLogger, type Logger } from '@silvertine/core';
import { MESSAGE } from 'triple-beam';
import Transport from 'winston-transport';
import { SECRETS } from './secrets';

/**
 * A winston transport keeping every formatted line in memory, or (`retain: false`, for soak runs that
 * log millions of lines) scanning each line as it comes and keeping only what the scan found.
 */
export class MemoryTransport extends Transport {
  readonly lines: string[] = [];
  /** Findings of lines scanned on arrival (retain: false). */
  readonly findings: LeakFinding[] = [];
  count = 0;

  constructor(private readonly retain = true) {
    super();
  }

  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    // MESSAGE holds the line exactly as a file or console transport would have written it.
    const line = String(info[MESSAGE as unknown as string] ?? JSON.stringify(info));
    this.count++;
    if (this.retain) this.lines.push(line);
    else this.findings.push(...scanForSecrets([line]));
    next();
  }
}

/** One leak found by the scan. */
export interface LeakFinding {
  readonly what: string;
  readonly line: string;
}

/**
 * The suite's log output: a core logger (winston, redaction format before every transport, secrets
 * registered as the composition root registers them from configuration) writing into memory.
 */
export class LogCapture {
  readonly transport: MemoryTransport;
  readonly logger: Logger;

  constructor(level: 'debug' | 'info' = 'debug', options: { retain?: boolean } = {}) {
    this.transport = new MemoryTransport(options.retain ?? true);
    this.logger = createLogger({ level, secrets: SECRETS, transports: [this.transport] });
  }

  get lineCount(): number {
    return this.transport.count;
  }

  /** Every occurrence of a known secret or of a `signature=` value (a signed query string) in the output. */
  scan(extraLines: readonly string[] = []): LeakFinding[] {
    return [...this.transport.findings, ...scanForSecrets([...this.transport.lines, ...extraLines])];
  }
}

/**
 * Looks for the API key, the secret (or any of `secrets`) and any `signature=<hex>` /
 * `"signature":"<hex>"` in `lines`.
 */
export function scanForSecrets(lines: readonly string[], secrets: readonly string[] = SECRETS): LeakFinding[] {
  const findings: LeakFinding[] = [];
  const signature = /signature(=|%3D|\\?"\s*:\s*\\?")[0-9a-fA-F]{16,}/;
  for (const line of lines) {
    for (const secret of secrets) if (line.includes(secret)) findings.push({ what: 'secret', line });
    if (signature.test(line)) findings.push({ what: 'signature', line });
  }
  return findings;
}
