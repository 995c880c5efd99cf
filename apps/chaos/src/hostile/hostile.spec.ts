import { ATTACK_CLASSES, attackFailed } from './attack.types';
import { runAttack } from './attack-runner';
import { ATTACKS } from './catalogue';
import { SELF_TEST_ATTACKS } from './self-test.attacks';

const selfTest = (id: string) => {
  const attack = SELF_TEST_ATTACKS.find((a) => a.id === id);
  if (!attack) throw new Error(`no self-test ${id}`);
  return runAttack(attack, { seed: 1 });
};

describe('the hostile runner catches every kind of failure in a real child process', () => {
  it('an uncaught error in a deferred callback is a crash (a real non-zero exit)', async () => {
    const o = await selfTest('selftest-crash');
    expect(o).toMatchObject({ crashed: true, hung: false });
    expect(o.detail.join('\n')).toMatch(/exit 1[\s\S]*TypeError/);
  });

  it('a blocked event loop is a hang (killed at its bound)', async () => {
    expect(await selfTest('selftest-block')).toMatchObject({ crashed: false, hung: true });
  });

  it('a wrong state change, an untyped error and a secret on stdout each fail the attack', async () => {
    expect((await selfTest('selftest-wrong')).wrong).toHaveLength(1);
    expect(await selfTest('selftest-untyped')).toMatchObject({ crashed: true });
    const leak = await selfTest('selftest-leak');
    expect(leak.leaks.length).toBeGreaterThan(0);
    expect([leak].some(attackFailed)).toBe(true);
  });
});

describe('the hostile catalogue', () => {
  it('holds at least 100 attacks with unique ids, each stating its input and oracle, in every class', () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(ATTACKS.map((a) => a.id)).size).toBe(ATTACKS.length);
    expect(ATTACKS.every((a) => a.input.length > 0 && a.oracle.length > 0)).toBe(true);
    expect(new Set(ATTACKS.map((a) => a.class))).toEqual(new Set(ATTACK_CLASSES));
  });
});

/** The CI subset: one to four representative attacks per class, each in its own process. */
describe('hostile attacks (CI subset)', () => {
  const fast = ATTACKS.filter((a) => a.fast);

  it.each(fast.map((a) => [a.id, a] as const))('%s: no crash, hang, wrong state or leak', async (_id, attack) => {
    const o = await runAttack(attack, { seed: 1 });
    expect({ crashed: o.crashed, hung: o.hung, wrong: o.wrong, leaks: o.leaks, detail: attackFailed(o) ? o.detail : [] })
      .toEqual({ crashed: false, hung: false, wrong: [], leaks: [], detail: [] });
  }, 120_000); // above the largest attack bound (50 s for CLI attacks): the runner's verdict decides, not Jest
});
