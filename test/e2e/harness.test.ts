// Self-test of the terminal harness (test/helpers/tmux.ts) against trivial programs, so that an
// end-to-end failure elsewhere can be trusted to be about coffer, not about the harness.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, shellQuote, start, startCoffer } from '../helpers/tmux.js';

// Prints every chunk stdin delivers in raw mode, as JSON, until it reads "q".
const rawEcho = [
  process.execPath,
  '-e',
  `process.stdin.setRawMode(true);
   console.log('ready');
   process.stdin.on('data', (d) => {
     const s = d.toString();
     console.log('chunk:' + JSON.stringify(s));
     if (s === 'q') process.exit(0);
   });`,
];

describe('tmux harness', () => {
  it('types a line, presses Enter, reads the answer and the exit status', async () => {
    const t = await start(`bash -c 'read x; echo got:$x; exit 3'`);
    await t.type('hello world');
    await t.press('Enter');
    await t.waitFor('got:hello world');
    expect(await t.waitExit()).toBe(3);
  });

  it('reports death by signal as 128 + signal', async () => {
    const t = await start(['bash', '-c', 'kill -9 $$']);
    expect(await t.waitExit()).toBe(137);
  });

  it('keeps the last output of a program that exits at once', async () => {
    for (let i = 0; i < 20; i++) {
      const t = await start(['printf', 'last words %s\\n', String(i)]);
      expect(await t.waitExit()).toBe(0);
      expect(await t.screen()).toContain(`last words ${i}`);
      await t.kill();
    }
  });

  it('reports Ctrl-C in a cooked terminal as 130', async () => {
    const t = await start(['bash', '-c', 'echo waiting; sleep 30']);
    await t.waitFor('waiting');
    await t.press('C-c');
    expect(await t.waitExit()).toBe(130);
  });

  it('sends each pressed key as its own read, and typed text as one', async () => {
    const t = await start(rawEcho);
    await t.waitFor('ready');
    await t.press('a', 'b', 'Up', 'C-u');
    await t.waitFor('chunk:"\\u0015"');
    await t.type('xyz');
    await t.waitFor('chunk:"xyz"');
    await t.press('q');
    expect(await t.waitExit()).toBe(0);
    const chunks = (await t.screen()).split('\n').filter((line) => line.startsWith('chunk:'));
    expect(chunks).toEqual([
      'chunk:"a"',
      'chunk:"b"',
      'chunk:"\\u001b[A"',
      'chunk:"\\u0015"',
      'chunk:"xyz"',
      'chunk:"q"',
    ]);
  });

  it('gives the pane its size, the requested environment and folder, and no CI markers', async () => {
    const t = await start(
      `bash -c 'echo "size=$(tput cols)x$(tput lines) ci=\${CI-unset} foo=$FOO pwd=$PWD term=$TERM"'`,
      { cols: 90, rows: 25, env: { FOO: 'bar baz' }, cwd: '/tmp' },
    );
    expect(await t.waitExit()).toBe(0);
    await t.waitFor('size=90x25 ci=unset foo=bar baz pwd=/tmp term=tmux-256color');
  });

  it('lets Ink paint and chalk colour even when the tests run under CI=true', async () => {
    // The modules Ink itself asks: is-in-ci (paint only at exit?) and chalk (colour depth).
    const probe = `import chalk from 'chalk'; import inCi from 'is-in-ci';
      console.log('in-ci=' + inCi + ' colour-level=' + chalk.level);`;
    const t = await start([process.execPath, '--input-type=module', '-e', probe], {
      cwd: join(repoRoot, 'node_modules/ink'),
    });
    expect(await t.waitExit()).toBe(0);
    await t.waitFor(/in-ci=false colour-level=[23]/);
  });

  it('passes CI on when a test asks for it', async () => {
    const t = await start(`bash -c 'echo "ci=$CI"'`, { env: { CI: 'true' } });
    expect(await t.waitExit()).toBe(0);
    await t.waitFor('ci=true');
  });

  it('keeps normal output in the scrollback and alternate-screen output out of it', async () => {
    const script = [
      'for i in $(seq 1 60); do echo normal-$i; done',
      `printf '\\033[?1049h\\033[H\\033[2JSECRET-ON-ALT-SCREEN\\n'`,
      'read x',
      `printf '\\033[?1049l'`,
      'echo back-on-normal',
    ].join('; ');
    const t = await start(['bash', '-c', script], { rows: 20 });

    const alt = await t.waitFor('SECRET-ON-ALT-SCREEN');
    expect(alt).not.toContain('normal-60');

    await t.press('Enter');
    await t.waitFor('back-on-normal');
    expect(await t.waitExit()).toBe(0);

    const screen = await t.screen();
    expect(screen).not.toContain('normal-1\n'); // scrolled off the 20 visible rows
    const history = await t.scrollback();
    expect(history).toContain('normal-1\n');
    expect(history).toContain('normal-60\n');
    expect(history).toContain('back-on-normal');
    expect(history).not.toContain('SECRET');
    await t.waitFor('normal-1\n', { scrollback: true });
  });

  it('captures colours with screenAnsi() and plain text with screen()', async () => {
    const t = await start(['bash', '-c', `printf '\\033[1;31mred\\033[0m \\033[38;5;208morange\\033[0m\\n'`]);
    await t.waitExit();
    expect(await t.screen()).toContain('red orange');
    const ansi = await t.screenAnsi();
    expect(ansi).toMatch(/\u001b\[[0-9;]*31[0-9;]*mred/);
    expect(ansi).toMatch(/\u001b\[[0-9;]*38;5;208[0-9;]*morange/);
  });

  it('waits for text to go away', async () => {
    const t = await start(`bash -c 'echo loading; read x; clear; echo done; sleep 30'`);
    await t.waitFor('loading');
    await t.press('Enter');
    const after = await t.waitGone('loading');
    expect(after).not.toContain('loading');
    // `clear` and `echo done` are two writes: the screen can be blank between them.
    await t.waitFor('done');
  });

  it('fails a wait with the current screen in the message', async () => {
    const t = await start(`bash -c 'echo what-is-on-screen; sleep 30'`);
    await t.waitFor('what-is-on-screen');
    await expect(t.waitFor('never-shown', { timeout: 200 })).rejects.toThrow(
      /timed out after 200 ms waiting for the screen to show "never-shown"[\s\S]*│what-is-on-screen/,
    );
  });

  it('kills its private server and removes the socket', async () => {
    const t = await start(`sleep 30`);
    const socketPath = t.socketPath;
    expect(existsSync(socketPath)).toBe(true);
    await t.kill();
    expect(existsSync(socketPath)).toBe(false);
    await t.kill(); // idempotent
    await expect(t.screen()).rejects.toThrow(/already killed/);
  });

  it('quotes argv for the shell', () => {
    expect(shellQuote(['echo', "it's", 'a b', '$HOME', 'plain-1.2'])).toBe(`echo 'it'\\''s' 'a b' '$HOME' plain-1.2`);
  });

  it.skipIf(!existsSync(join(repoRoot, 'src/cli/main.ts')))('runs the built program', async () => {
    const t = await startCoffer(['--version']);
    expect(await t.waitExit()).toBe(0);
    await t.waitFor(/\d+\.\d+\.\d+/);
  });
});
