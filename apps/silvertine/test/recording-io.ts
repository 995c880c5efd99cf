import { createSilentLogger } from '@silvertine/core';
import type { CommandIo } from '../src/cli/command-io';

/** A CommandIo that records what a command printed. */
export function recordingIo(): CommandIo & { readonly lines: string[]; readonly errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    out: (line) => lines.push(line),
    err: (line) => errors.push(line),
    progress: () => undefined,
    interactive: false,
    onInterrupt: () => undefined,
    offInterrupt: () => undefined,
    logger: createSilentLogger(),
  };
}
