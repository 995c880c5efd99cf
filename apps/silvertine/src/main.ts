#!/usr/bin/env node
import 'reflect-metadata';
import { runCli } from './cli/cli';
import { processIo } from './cli/command-io';

void runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
