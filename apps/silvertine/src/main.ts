#!/usr/bin/env node
import 'reflect-metadata';
import { runCli } from './cli/cli';
import { processIo } from './cli/command-io';
import { holdProcessUntil } from './cli/process-hold';

// The library's wall-clock timers are unref'd (a forgotten one must never keep a process alive), so a
// command whose only pending work is a retry delay would let Node run out of work and exit 0 before
// its promise settles. The CLI holds the process until the command has an exit code.
holdProcessUntil(runCli(process.argv.slice(2), processIo()));
