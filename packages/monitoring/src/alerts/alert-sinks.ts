import type { AlertEvent, Logger } from '@silvertine/core';
import * as http from 'node:http';
import * as https from 'node:https';

/** Where alerts go besides the bus. `send` may be async; failures are logged by the manager. */
export interface AlertSink {
  readonly name: string;
  send(alert: AlertEvent): void | Promise<void>;
}

/** Writes alerts to a logger: CRITICAL as error, WARNING as warn, INFO (resolutions) as info. */
export class LogAlertSink implements AlertSink {
  readonly name = 'log';

  constructor(private readonly logger: Logger) {}

  send(alert: AlertEvent): void {
    const fields = { alertId: alert.id, source: alert.source, severity: alert.severity, brokerId: alert.brokerId, details: alert.details, at: alert.timestamp };
    if (alert.severity === 'CRITICAL') this.logger.error(alert.message, fields);
    else if (alert.severity === 'WARNING') this.logger.warn(alert.message, fields);
    else this.logger.info(alert.message, fields);
  }
}

/** Options of WebhookAlertSink. */
export interface WebhookAlertSinkOptions {
  readonly url: string;
  /** Extra headers (an Authorization for the receiver, say). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Per-request timeout (default 5000 ms). */
  readonly timeoutMs?: number;
}

/**
 * POSTs each alert as JSON (`{ "alert": AlertEvent }`) to a URL (Slack/Teams relays, Alertmanager
 * webhooks, PagerDuty bridges). Rejects on a non-2xx answer or a timeout so the manager can log it.
 * Each request uses its own connection (no keep-alive), so nothing lingers after the answer.
 */
export class WebhookAlertSink implements AlertSink {
  readonly name = 'webhook';
  private readonly url: URL;

  constructor(private readonly options: WebhookAlertSinkOptions) {
    this.url = new URL(options.url);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') throw new TypeError(`webhook url must be http(s), got ${this.url.protocol}`);
  }

  send(alert: AlertEvent): Promise<void> {
    const body = Buffer.from(JSON.stringify({ alert }));
    const client = this.url.protocol === 'https:' ? https : http;
    return new Promise<void>((resolve, reject) => {
      const request = client.request(
        this.url,
        {
          method: 'POST',
          agent: false,
          timeout: this.options.timeoutMs ?? 5000,
          headers: { ...this.options.headers, 'content-type': 'application/json', 'content-length': body.length, connection: 'close' },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new Error(`webhook answered ${status}`));
          });
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`webhook timed out after ${this.options.timeoutMs ?? 5000} ms`)));
      request.on('error', reject);
      request.end(body);
    });
  }
}
