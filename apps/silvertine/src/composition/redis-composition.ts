import type { Container } from 'inversify';
import { RedisPackageMissingError, startRedis as startRedisModule, type RunningRedis } from '@silvertine/composition';
import type { RedisModuleOptions } from '@silvertine/redis';
import { EXIT, UserError } from '../cli/exit-codes';

export type { RunningRedis } from '@silvertine/composition';

/**
 * Starts @silvertine/redis through the shared composition (within its connect deadline); a missing
 * package is the user's to install, with its exit code.
 */
export async function startRedis(container: Container, options: RedisModuleOptions): Promise<RunningRedis> {
  try {
    return await startRedisModule(container, options);
  } catch (error) {
    if (error instanceof RedisPackageMissingError) throw new UserError(error.message, EXIT.PLUGIN_MISSING);
    throw error;
  }
}
