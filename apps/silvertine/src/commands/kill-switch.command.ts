import { resolveSafetyPaths, type SilvertineConfig } from '@silvertine/config';
import { isAlive, readHolder, readKillSwitchState, writeKillSwitchState, type KillSwitchState } from '@silvertine/resilience';
import { AppContext } from '../composition/app-context';
import { ArgumentError, flag, parseArgv, stringOption } from '../cli/argv';
import { refuseExtraArguments, type CommandSpec } from '../cli/command';
import type { CommandIo } from '../cli/command-io';
import { EXIT, UserError } from '../cli/exit-codes';

const OPTIONS = { reason: { type: 'string', value: '<text>' }, json: { type: 'boolean' } } as const;

/** Longest reason kept (the state file's reader keeps 500 characters). */
const MAX_REASON = 500;

/**
 * `silvertine kill-switch status|engage|release`: reads or writes the kill switch's state file in the
 * configuration's state directory. A running `silvertine run` on that directory follows the file
 * (it refuses new orders and cancels open ones as soon as the file says engaged); a process started
 * later reads it at start. The command itself connects to no venue and takes no lock, so it works while
 * that process holds the directory.
 */
export const killSwitchCommand: CommandSpec = {
  name: 'kill-switch',
  usage: ['silvertine kill-switch status|engage|release [--reason <text>] [--config <file>] [--env <name>] [--json]'],
  summary: 'Shows, engages or releases the kill switch of the live brokers (its state survives restarts).',
  details: [
    'engage: every live broker of a running silvertine on the same state directory refuses new orders and',
    '        cancels its open orders at once; a process started later starts engaged. --reason says why.',
    'release: orders pass again. status: engaged or released, why and since when, and the process holding',
    '        the state directory, if any. Over HTTP: GET/POST /kill-switch on the monitoring server.',
    'The state file is <state dir>/kill-switch.json (state dir: resilience.state_dir, SILVERTINE_STATE_DIR, ~/.silvertine).',
  ],
  async run(args, io) {
    const parsed = parseArgv(args, OPTIONS);
    const [verb] = parsed.positionals;
    refuseExtraArguments(killSwitchCommand, parsed.positionals, 1);
    if (verb !== 'status' && verb !== 'engage' && verb !== 'release') throw new ArgumentError(JSON.stringify(verb ?? ''), `is not status, engage or release (usage: ${killSwitchCommand.usage[0]})`);
    const reasonText = stringOption(parsed, 'reason');
    if (reasonText !== undefined && verb !== 'engage') throw new ArgumentError('--reason', 'is for engage only');
    const reason = verb === 'engage' ? decodeReason(reasonText) : undefined;
    const config = await AppContext.loadConfig({ configPath: stringOption(parsed, 'config'), environment: stringOption(parsed, 'env') });
    const files = killSwitchFiles(config);
    if (verb === 'engage') await writeKillSwitchState(files.stateFile, { engaged: true, reason, at: Date.now() });
    if (verb === 'release') await writeKillSwitchState(files.stateFile, { engaged: false, at: Date.now() });
    const state = await readKillSwitchState(files.stateFile);
    const holder = await runningHolder(files.lockFile);
    report(io, verb, state, files, holder, flag(parsed, 'json'));
    return EXIT.OK;
  },
};

interface KillSwitchFiles {
  readonly stateDir: string;
  readonly stateFile: string;
  /** The journal's lock: names the process using the state directory. */
  readonly lockFile: string;
}

/** The files of the configuration's state directory; refused when the configuration turns the switch off. */
function killSwitchFiles(config: SilvertineConfig): KillSwitchFiles {
  const where = config.file ?? 'the configuration';
  if (config.resilience.enabled === false) throw new UserError(`${where} turns the safety stack off (resilience.enabled: false): there is no kill switch`, EXIT.INVALID_CONFIG);
  if (config.resilience.killSwitch?.enabled === false) throw new UserError(`${where} turns the kill switch off (resilience.kill_switch.enabled: false)`, EXIT.INVALID_CONFIG);
  const paths = resolveSafetyPaths(config);
  return { stateDir: paths.stateDir, stateFile: paths.killSwitchFile, lockFile: `${paths.journalFile}.lock` };
}

/** The PID of a live process holding the state directory, if any. */
async function runningHolder(lockFile: string): Promise<number | undefined> {
  const pid = await readHolder(lockFile);
  return pid !== undefined && isAlive(pid) ? pid : undefined;
}

/** A reason as given on the command line: trimmed, printable, bounded. */
function decodeReason(text: string | undefined): string {
  if (text === undefined) return 'engaged from the command line';
  const reason = text.trim();
  if (reason === '') throw new ArgumentError('--reason', 'must not be empty');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(reason)) throw new ArgumentError('--reason', 'must be one line of printable text');
  if (reason.length > MAX_REASON) throw new ArgumentError('--reason', `must be at most ${MAX_REASON} characters, got ${reason.length}`);
  return reason;
}

function report(io: CommandIo, verb: string, state: KillSwitchState, files: KillSwitchFiles, holder: number | undefined, json: boolean): void {
  if (json) {
    io.out(JSON.stringify({ engaged: state.engaged, reason: state.reason, since: state.engaged && state.at !== undefined ? new Date(state.at).toISOString() : undefined, stateFile: files.stateFile, runningPid: holder }));
    return;
  }
  const since = state.at !== undefined ? ` since ${new Date(state.at).toISOString()}` : '';
  io.out(state.engaged ? `kill switch ENGAGED${since}: ${state.reason}` : 'kill switch released');
  if (verb === 'status') {
    io.out(holder !== undefined ? `state directory ${files.stateDir} is in use by silvertine process ${holder}` : `no silvertine process holds ${files.stateDir}`);
  } else if (holder !== undefined) {
    io.out(`silvertine process ${holder} (state directory ${files.stateDir}) follows it now${state.engaged ? ': new orders are refused, open orders canceled' : ': orders pass again'}`);
  } else {
    io.out(`no silvertine process holds ${files.stateDir}: ${state.engaged ? 'the next one starts engaged and cancels open orders at connect' : 'the next one starts released'}`);
  }
}
