// A TUI and CLIs writing the same vault: the built program in tmux, `coffer set` processes beside
// it. No acknowledged write is lost, whoever wins each race; the TUI's save over a version a CLI
// wrote meanwhile is refused with the conflict dialog (versions, authors, fingerprints — never a
// value) and nothing is lost whichever way the operator answers; a CLI meeting the lock of the
// TUI's save says it is waiting, names the TUI, and is refused clearly if the lock stays; a TUI
// killed with SIGKILL mid-save leaves a lock that goes stale by itself, and the next write works.
// Commands are pressed by name (the keymap table); every wait is for the screen to show something.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holderPathOf, lockPathOf } from '../../src/store/lock.js';
import type { TmuxSession } from '../helpers/tmux.js';
import { finished, requireKeyring, spawnCoffer, Workspace } from './helpers/cli.js';
import type { Run } from './helpers/cli.js';
import { iterations } from './helpers/heavy.js';
import { catchLockHolder, Command, openSecret, pressCommand, startTui, waitScreen } from './helpers/tui.js';

const ROUNDS = iterations('COFFER_TUI_CONCURRENCY_ROUNDS', 6, 30); // ≤ 2 versions a round: under the 100 kept;

let ws: Workspace;

beforeAll(() => {
  requireKeyring();
  ws = new Workspace('coffer-faults-tui-concurrency-');
});
afterAll(() => ws?.remove());

type Vault = Awaited<ReturnType<Workspace['vault']>>;

async function cli(vault: Vault, args: string[], input?: string): Promise<Run> {
  return ws.run(vault.at(...args), input === undefined ? {} : { input });
}

async function mustCli(vault: Vault, args: string[], input?: string): Promise<Run> {
  const run = await cli(vault, args, input);
  if (run.code !== 0) throw new Error(`coffer ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run;
}

/** Every version's value of a secret, by number (deleted or destroyed ones: null). */
async function history(vault: Vault, address: string): Promise<Map<number, string | null>> {
  const versions = JSON.parse((await mustCli(vault, ['versions', address, '--json'])).stdout) as { versions: Array<{ version: number; state: string }> };
  const values = new Map<number, string | null>();
  for (const v of versions.versions) {
    values.set(v.version, v.state === 'live' ? (await mustCli(vault, ['get', address, '--version', String(v.version)])).stdout : null);
  }
  return values;
}

function expectNoLockLeft(path: string): void {
  expect(existsSync(lockPathOf(path)), 'the lock was left behind').toBe(false);
  expect(existsSync(holderPathOf(path)), 'the lock holder file was left behind').toBe(false);
  const strays = readdirSync(dirname(path)).filter((name) => /\.tmp$/.test(name));
  expect(strays, 'temp files were left in the vault folder').toEqual([]);
}

/** A vault whose saves take a while: ~4 MB of other secrets (1,000 × 4 KB) beside the one edited. */
async function heavyVault(): Promise<Vault> {
  const vault = await ws.vault();
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) lines.push(`FILLER_${String(i).padStart(4, '0')}=${'f'.repeat(4096)}`);
  await mustCli(vault, ['import', 'api/staging', '-'], `${lines.join('\n')}\n`);
  return vault;
}

/** Opens the editor on the selected secret, types `value` and saves (the editor's Enter). */
async function typeAndSave(t: TmuxSession, key: string, value: string): Promise<void> {
  await pressCommand(t, Command.EditValue);
  await t.waitFor(new RegExp(`Edit ${key}: saving makes v\\d+`));
  await t.type(value);
  await t.waitFor(`masked · ${value.length} chars`);
  await pressCommand(t, Command.EditorSave);
}

type Outcome = { saved: number } | { theirs: number };

/**
 * After a save of KEY: the "Saved" toast with a version above `saved`, or the conflict dialog
 * showing their version above `theirs` (a dialog answered a moment ago can still be on screen).
 */
function outcomeOf(t: TmuxSession, key: string, after: { saved: number; theirs: number }): Promise<Outcome> {
  const saved = new RegExp(`Saved (?:yours as )?${key} v(\\d+)`);
  const conflict = new RegExp(`Not saved: .+ changed ${key} first[^]*theirs\\s+v(\\d+) ·`);
  return waitScreen(t, `the save of ${key} acknowledged or refused`, (screen): Outcome | undefined => {
    const theirs = Number(conflict.exec(screen)?.[1] ?? 0);
    if (theirs > after.theirs) return { theirs };
    const n = Number(saved.exec(screen)?.[1] ?? 0);
    return n > after.saved ? { saved: n } : undefined;
  });
}

describe('a TUI and coffer CLIs writing one vault', () => {
  it(`${ROUNDS} rounds of the TUI and two CLIs saving at once: every acknowledged write is in the history`, async () => {
    const vault = await ws.vault();
    await mustCli(vault, ['set', 'api/production/SHARED', '--max-versions', '100'], 'initial');
    const t = await startTui(ws, vault.path);
    await openSecret(t, 'api', 'production', 'SHARED');

    const acknowledged: string[] = ['initial'];
    const cliOwn: string[] = [];
    let lastSaved = 1;
    let conflicts = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      // Both CLIs start as the TUI's editor opens: which save lands first varies round by round.
      const clis = (async () => {
        const [shared, own] = await Promise.all([
          cli(vault, ['set', 'api/production/SHARED'], `cli-${round}`),
          cli(vault, ['set', `api/production/CLI_${round}`], `cli-own-${round}`),
        ]);
        // The CLI read the vault before the TUI's save landed: a clear conflict, nothing saved.
        expect([0, 4], `the CLI's write to SHARED in round ${round}: ${shared.stderr}`).toContain(shared.code);
        if (shared.code === 0) acknowledged.push(`cli-${round}`);
        else expect(shared.stderr).toMatch(/changed by another coffer writing to the same file\. Nothing was saved\.\nhint: /);
        expect(own.code, own.stderr).toBe(0);
        cliOwn.push(`CLI_${round}`);
      })();
      const value = `tui-${round}`;
      await typeAndSave(t, 'SHARED', value);
      // A conflict is answered with "save yours": it is saved on top of theirs, or conflicts again.
      let theirs = 0;
      for (;;) {
        const outcome = await outcomeOf(t, 'SHARED', { saved: lastSaved, theirs });
        if ('saved' in outcome) {
          lastSaved = outcome.saved;
          acknowledged.push(value);
          break;
        }
        conflicts += 1;
        theirs = outcome.theirs;
        expect(await t.screen(), 'the conflict dialog showed a value').not.toMatch(/(tui|cli)-\d+/);
        await pressCommand(t, Command.ConflictSaveMine);
      }
      await clis;
    }
    console.info(`tui-concurrency: ${ROUNDS} rounds, ${conflicts} TUI conflicts answered with "save yours", ${ROUNDS + 1 + ROUNDS - acknowledged.length} CLI writes refused as conflicts`);
    await pressCommand(t, Command.Quit);
    expect(await t.waitExit()).toBe(0);

    const values = [...(await history(vault, 'api/production/SHARED')).values()];
    expect(values.length, 'SHARED has a version per acknowledged write, no more and no fewer').toBe(acknowledged.length);
    expect([...values].sort()).toEqual([...acknowledged].sort());
    for (const [i, key] of cliOwn.entries()) {
      expect((await mustCli(vault, ['get', `api/production/${key}`])).stdout, `${key} was lost`).toBe(`cli-own-${i + 1}`);
    }
    expect((await cli(vault, ['log', '--verify'])).code).toBe(0);
    expectNoLockLeft(vault.path);
  }, 240_000);

  it('a save over a version the CLI wrote meanwhile is refused on screen, and neither answer loses anything', async () => {
    const vault = await ws.vault();
    await mustCli(vault, ['set', 'api/production/TOKEN'], 'first');
    const t = await startTui(ws, vault.path);
    await openSecret(t, 'api', 'production', 'TOKEN');
    await t.waitFor('coffer › api › production › TOKEN › v1');

    // The CLI writes v2 while the TUI still shows v1; the TUI's save expected v1.
    await mustCli(vault, ['set', 'api/production/TOKEN'], 'from-the-cli');
    await typeAndSave(t, 'TOKEN', 'from-the-tui');
    const dialog = await t.waitFor(/Not saved: .+ changed TOKEN first/);
    expect(dialog).toMatch(/theirs\s+v2 · .+ by \S+ · •+ 12 chars · print \S+/);
    expect(dialog).toMatch(/yours\s+•+ 12 chars · print \S+/);
    expect(dialog).toContain('Saving yours makes v3; theirs stays in the history as v2.');
    expect(dialog).not.toContain('from-the-');

    // Keep theirs: the CLI's v2 stays current, the TUI's value was not written.
    await pressCommand(t, Command.ConflictKeepTheirs);
    await t.waitFor('Kept theirs: TOKEN v2 by');
    await t.waitFor('coffer › api › production › TOKEN › v2');
    expect([...(await history(vault, 'api/production/TOKEN')).entries()].sort(([a], [b]) => a - b)).toEqual([[1, 'first'], [2, 'from-the-cli']]);

    // Again, and this time save yours: it lands as v3 on top of the CLI's second write.
    await mustCli(vault, ['set', 'api/production/TOKEN'], 'cli-again');
    await typeAndSave(t, 'TOKEN', 'tui-again');
    await t.waitFor(/Not saved: .+ changed TOKEN first/);
    await pressCommand(t, Command.ConflictSaveMine);
    await t.waitFor(/Saved yours as TOKEN v4, over .+'s v3\./);
    await pressCommand(t, Command.Quit);
    expect(await t.waitExit()).toBe(0);

    const values = await history(vault, 'api/production/TOKEN');
    expect([...values.entries()].sort(([a], [b]) => a - b)).toEqual([[1, 'first'], [2, 'from-the-cli'], [3, 'cli-again'], [4, 'tui-again']]);
    expectNoLockLeft(vault.path);
  }, 60_000);
});

describe('the lock of the TUI’s save', () => {
  it('a CLI meeting it says it waits and names the TUI; refused clearly while it stays; through once it is released', async () => {
    const vault = await heavyVault();
    await mustCli(vault, ['set', 'api/production/SHARED'], 'before');
    const t = await startTui(ws, vault.path);
    await openSecret(t, 'api', 'production', 'SHARED');

    await typeAndSave(t, 'SHARED', 'tui-stopped-mid-save');
    const pid = catchLockHolder(vault.path);
    process.kill(pid, 'SIGSTOP'); // the TUI, frozen while it holds the lock (a slow disk, a paused machine)
    let resumed = false;
    try {
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), 'the lock holder is not the TUI').toContain('bin/coffer.cjs\u0000--vault');

      // Refused after its wait, saying why and by whom, and that it waited.
      const refused = await cli(vault, ['set', 'api/production/CLI_REFUSED'], 'refused');
      expect(refused.code, refused.stderr).toBe(5);
      expect(refused.stderr).toContain(`is being written by another coffer (pid ${pid} of`);
      expect(refused.stderr).toMatch(/; waiting for it to finish\.\n/);
      expect(refused.stderr).toMatch(/and stayed locked\.\nhint: Wait for it to finish and try again\./);

      // Waits, says so, and gets through once the TUI's save goes on and releases the lock.
      const child = spawnCoffer(vault.at('set', 'api/production/CLI_WAITED'), { env: ws.env(), input: 'waited' });
      const done = finished(child);
      let stderr = '';
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString('utf8');
          if (stderr.includes('waiting for it to finish')) resolve();
        });
        child.on('close', () => reject(new Error(`the waiting CLI ended without saying it waits: ${stderr}`)));
      });
      expect(stderr).toContain(`(pid ${pid} of`);
      process.kill(pid, 'SIGCONT');
      resumed = true;
      const waited = await done;
      expect(waited.code, waited.stderr).toBe(0);
    } finally {
      if (!resumed) process.kill(pid, 'SIGCONT');
    }
    await t.waitFor('Saved SHARED v2');
    await pressCommand(t, Command.Quit);
    expect(await t.waitExit()).toBe(0);

    expect((await mustCli(vault, ['get', 'api/production/SHARED'])).stdout).toBe('tui-stopped-mid-save');
    expect((await mustCli(vault, ['get', 'api/production/CLI_WAITED'])).stdout).toBe('waited');
    expect((await cli(vault, ['get', 'api/production/CLI_REFUSED'])).code).toBe(3);
    expectNoLockLeft(vault.path);
  }, 60_000);

  it('kill -9 of the TUI mid-save: its lock goes stale by itself, the next CLI write works, the vault opens', async () => {
    const vault = await heavyVault();
    await mustCli(vault, ['set', 'api/production/SHARED'], 'before');
    const t = await startTui(ws, vault.path);
    await openSecret(t, 'api', 'production', 'SHARED');

    await typeAndSave(t, 'SHARED', 'tui-killed-mid-save');
    const pid = catchLockHolder(vault.path);
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    expect(await t.waitExit()).toBe(128 + 9);

    // Refused while the dead TUI's lock is fresh, naming it as gone; through once it is stale.
    let next = await cli(vault, ['set', 'api/production/AFTER_KILL'], 'after');
    let refusals = 0;
    while (next.code === 5 && Date.now() - killedAt < 20_000) {
      refusals += 1;
      expect(next.stderr).toContain(`(pid ${pid} of`);
      expect(next.stderr).toMatch(/no longer running, its lock expires by itself/);
      next = await cli(vault, ['set', 'api/production/AFTER_KILL'], 'after');
    }
    expect(next.code, next.stderr).toBe(0);
    expect(refusals, 'the dead TUI’s fresh lock did not hold the first writer off').toBeGreaterThan(0);
    // Stale 10 s after it was taken; a writer's wait is ~5 s: well within 17 s of the kill.
    expect(Date.now() - killedAt, 'the dead TUI’s lock held writers off beyond its stale time').toBeLessThan(17_000);

    expect((await mustCli(vault, ['get', 'api/production/AFTER_KILL'])).stdout).toBe('after');
    // The interrupted save either landed whole or not at all.
    expect(['before', 'tui-killed-mid-save']).toContain((await mustCli(vault, ['get', 'api/production/SHARED'])).stdout);
    expect((await mustCli(vault, ['get', 'api/staging/FILLER_0999'])).stdout).toBe('f'.repeat(4096));
    expect((await cli(vault, ['log', '--verify'])).code).toBe(0);
    expectNoLockLeft(vault.path);
  }, 60_000);
});
