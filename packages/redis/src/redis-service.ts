import type { RedisStreamsBridge } from './bridge/redis-streams-bridge';
import { connectRedis, type SilvertineRedisClient } from './redis-client';

/**
 * The Redis side of a process: its connections and the bus bridge, started and stopped together. The
 * journal (when bound) shares the writer connection; closing here is what releases every socket.
 */
export class RedisService {
  private started = false;

  constructor(private readonly parts: {
    readonly writer: SilvertineRedisClient;
    readonly reader?: SilvertineRedisClient;
    readonly bridge?: RedisStreamsBridge;
    /** The journal on the writer: its queued records (group commit) are flushed before the writer closes. */
    readonly journal?: { flush(): Promise<void> };
  }) {}

  /** Connects (resolves once the first connection is up; later reconnects are automatic) and starts the bridge. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await connectRedis(this.parts.writer);
    if (this.parts.reader) await connectRedis(this.parts.reader);
    await this.parts.bridge?.start();
  }

  /**
   * Stops the bridge, flushes the journal, then closes the connections (pending replies are awaited; one
   * still connecting is dropped).
   */
  async close(): Promise<void> {
    await this.parts.bridge?.stop();
    await this.parts.journal?.flush();
    for (const client of [this.parts.writer, this.parts.reader]) {
      // a client still trying to connect has no replies to wait for: end it at once
      if (client?.isReady) await client.close();
      else if (client?.isOpen) client.destroy();
    }
  }
}
