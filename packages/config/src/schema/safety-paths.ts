import { homedir } from 'node:os';
import * as path from 'node:path';
import type { SilvertineConfig } from './silvertine-config';

/** Where the safety stack keeps its files, resolved. */
export interface SafetyPaths {
  readonly stateDir: string;
  readonly journalFile: string;
  readonly killSwitchFile: string;
}

/**
 * Resolves `resilience.state_dir` (default `$SILVERTINE_STATE_DIR`, else `~/.silvertine`: a leading `~`
 * is the home directory, a relative path is relative to the config file) and the journal and kill
 * switch files inside it (or absolute where written so).
 */
export function resolveSafetyPaths(config: SilvertineConfig, env: Readonly<Record<string, string | undefined>> = process.env): SafetyPaths {
  const written = config.resilience.stateDir ?? env['SILVERTINE_STATE_DIR'] ?? '~/.silvertine';
  const stateDir = written === '~' || written.startsWith('~/') ? path.join(homedir(), written.slice(1)) : path.resolve(config.baseDir, written);
  return {
    stateDir,
    journalFile: path.resolve(stateDir, config.resilience.journal?.path ?? 'orders.journal'),
    killSwitchFile: path.resolve(stateDir, config.resilience.killSwitch?.stateFile ?? 'kill-switch.json'),
  };
}
