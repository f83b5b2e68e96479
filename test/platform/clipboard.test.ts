// The clipboard adapter: a REAL X clipboard (Xvfb + xclip), stand-in programs for the others
// (wl-copy, xsel, pbcopy: their command lines and what they get on stdin), the OSC 52 fallback
// as written to a terminal, and the timeout on a program that never answers.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createClipboard, osc52 } from '../../src/platform/clipboard.js';
import type { TerminalOutput } from '../../src/platform/clipboard.js';
import { startXvfb } from '../helpers/xvfb.js';
import type { Xvfb } from '../helpers/xvfb.js';

const SECRET = 'pa$$ "wörd" \'🔑\'\n\tline two \u001b[31m ';

describe('a real X clipboard (Xvfb + xclip)', () => {
  let x: Xvfb;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    const xclip = spawnSync('xclip', ['-version'], { stdio: 'ignore' });
    if (xclip.error) throw new Error('xclip is not installed; the clipboard tests need it: apt-get install -y xclip (.ci/run does).');
    x = await startXvfb();
    env = { PATH: process.env.PATH, DISPLAY: x.display };
  });

  afterAll(async () => {
    await x?.stop();
  });

  /** What any other program pasting now would get. */
  function clipboardNow(): string {
    const out = spawnSync('xclip', ['-selection', 'clipboard', '-out'], { env, encoding: 'utf8', timeout: 5000 });
    return out.status === 0 ? out.stdout : `<no text: ${out.stderr.trim()}>`;
  }

  /** Someone else copies: a separate xclip, which forks to serve the selection. */
  function otherCopies(text: string): void {
    spawnSync('xclip', ['-selection', 'clipboard', '-in'], { env, input: text, stdio: ['pipe', 'ignore', 'ignore'], timeout: 5000 });
  }

  test('is detected from DISPLAY', () => {
    const clipboard = createClipboard({ env });
    expect(clipboard).toMatchObject({ method: 'system', via: 'xclip' });
  });

  test('an empty clipboard is not ours to clear', async () => {
    expect(await createClipboard({ env }).clearIfStillHolds(SECRET)).toBe('changed');
  });

  test('copy puts the exact text there; clearing while it still holds it empties it', async () => {
    const clipboard = createClipboard({ env });
    await clipboard.copy(SECRET);
    expect(clipboardNow()).toBe(SECRET);
    expect(await clipboard.clearIfStillHolds(SECRET)).toBe('cleared');
    expect(clipboardNow()).toBe('');
  });

  test('after someone else copied, clearing leaves theirs', async () => {
    const clipboard = createClipboard({ env });
    await clipboard.copy(SECRET);
    otherCopies('their own text');
    expect(await clipboard.clearIfStillHolds(SECRET)).toBe('changed');
    expect(clipboardNow()).toBe('their own text');
  });
});

describe('clipboard programs, by stand-ins that record what they get', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'coffer-clip-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /**
   * A bin folder holding only stand-ins for `names`: each logs its argv and stdin under rec/
   * and keeps "the clipboard" in a file — pastes print it, --clear empties it, others set it.
   */
  function standIns(label: string, names: string[]) {
    const dir = join(root, label);
    const bin = join(dir, 'bin');
    const rec = join(dir, 'rec');
    const store = join(dir, 'clipboard');
    for (const d of [bin, rec]) spawnSync('/bin/mkdir', ['-p', d]);
    writeFileSync(store, '');
    const script = `#!/bin/sh
n=$(/bin/ls "${rec}" | /usr/bin/wc -l)
printf '%s\\n' "$(/usr/bin/basename "$0") $*" > "${rec}/$n.argv"
case "$(/usr/bin/basename "$0") $*" in
  wl-paste*|pbpaste*|*-out*|*--output*) /bin/cat "${store}" ;;
  *--clear*) : > "${store}" ;;
  *) /bin/cat > "${store}.new"; /bin/mv "${store}.new" "${store}" ;;
esac
`;
    for (const name of names) {
      writeFileSync(join(bin, name), script);
      chmodSync(join(bin, name), 0o755);
    }
    const calls = () =>
      readdirSync(rec)
        .sort((a, b) => parseInt(a) - parseInt(b))
        .map((file) => readFileSync(join(rec, file), 'utf8').trim());
    return { bin, store, calls };
  }

  test.each([
    ['wl-copy', ['wl-copy', 'wl-paste'], { WAYLAND_DISPLAY: 'wayland-0' }, 'linux', ['wl-copy', 'wl-paste --no-newline', 'wl-copy --clear']],
    ['xsel', ['xsel'], { DISPLAY: ':99' }, 'linux', ['xsel --clipboard --input', 'xsel --clipboard --output', 'xsel --clipboard --clear']],
    ['pbcopy', ['pbcopy', 'pbpaste'], {}, 'darwin', ['pbcopy', 'pbpaste', 'pbcopy']],
  ] as const)('%s: the value goes on stdin, never in argv; read back before clearing', async (via, names, vars, platform, expectedCalls) => {
    const fake = standIns(via, [...names]);
    const clipboard = createClipboard({ env: { PATH: fake.bin, ...vars }, platform });
    expect(clipboard).toMatchObject({ method: 'system', via });
    await clipboard.copy(SECRET);
    expect(readFileSync(fake.store, 'utf8')).toBe(SECRET);
    expect(await clipboard.clearIfStillHolds(SECRET)).toBe('cleared');
    expect(readFileSync(fake.store, 'utf8')).toBe('');
    expect(fake.calls()).toEqual(expectedCalls);
    for (const call of fake.calls()) expect(call).not.toContain('wörd');

    await clipboard.copy(SECRET);
    writeFileSync(fake.store, 'theirs');
    expect(await clipboard.clearIfStillHolds(SECRET)).toBe('changed');
    expect(readFileSync(fake.store, 'utf8')).toBe('theirs');
  });

  test('Wayland wins over X when both are there; xclip over xsel', () => {
    const fake = standIns('both', ['wl-copy', 'wl-paste', 'xclip', 'xsel']);
    expect(createClipboard({ env: { PATH: fake.bin, WAYLAND_DISPLAY: 'w', DISPLAY: ':1' }, platform: 'linux' }).via).toBe('wl-copy');
    expect(createClipboard({ env: { PATH: fake.bin, DISPLAY: ':1' }, platform: 'linux' }).via).toBe('xclip');
    // A program without its display is not used.
    expect(createClipboard({ env: { PATH: fake.bin }, platform: 'linux' }).method).toBe('none');
  });

  test('a program that never answers fails within the timeout, and is killed', async () => {
    const dir = join(root, 'hang');
    spawnSync('/bin/mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'xclip'), '#!/bin/sh\nexec /bin/sleep 30\n');
    chmodSync(join(dir, 'xclip'), 0o755);
    const clipboard = createClipboard({ env: { PATH: dir, DISPLAY: ':1' }, platform: 'linux', timeoutMs: 300 });
    const started = Date.now();
    await expect(clipboard.copy(SECRET)).rejects.toThrow('xclip did not answer within 0.3 s');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(spawnSync('pgrep', ['-f', '/bin/sleep 30']).stdout.toString()).toBe('');
  });

  test('a program that fails says why', async () => {
    const dir = join(root, 'fail');
    spawnSync('/bin/mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'xclip'), "#!/bin/sh\necho \"Error: Can't open display: :1\" >&2\nexit 1\n");
    chmodSync(join(dir, 'xclip'), 0o755);
    const clipboard = createClipboard({ env: { PATH: dir, DISPLAY: ':1' }, platform: 'linux' });
    await expect(clipboard.copy(SECRET)).rejects.toThrow("xclip could not copy (exit 1): Error: Can't open display: :1.");
    expect(await clipboard.clearIfStillHolds(SECRET)).toBe('unknown');
  });
});

describe('OSC 52, when there is no clipboard program or display', () => {
  function capture(isTTY = true): TerminalOutput & { written: string[] } {
    const written: string[] = [];
    return {
      isTTY,
      written,
      write(chunk, callback) {
        written.push(chunk);
        callback?.(null);
        return true;
      },
    };
  }

  test('copy writes ESC ] 52 ; c ; base64(UTF-8) BEL to the terminal; clearing writes an empty one', async () => {
    const terminal = capture();
    const clipboard = createClipboard({ env: { PATH: '/nonexistent', SSH_TTY: '/dev/pts/3' }, platform: 'linux', terminal });
    expect(clipboard).toMatchObject({ method: 'osc52', via: 'OSC 52' });
    expect(clipboard.note).toBeUndefined();
    await clipboard.copy('héllo 🔑');
    expect(terminal.written).toEqual(['\u001b]52;c;aMOpbGxvIPCflJE=\u0007']);
    expect(Buffer.from('aMOpbGxvIPCflJE=', 'base64').toString('utf8')).toBe('héllo 🔑');
    // It cannot be read back: the clear is sent blind.
    expect(await clipboard.clearIfStillHolds('héllo 🔑')).toBe('unknown');
    expect(terminal.written[1]).toBe('\u001b]52;c;\u0007');
    expect(osc52(SECRET)).not.toMatch(/[\n\u001b](?!]52;c;)/);
  });

  test('inside tmux the operator is told to turn on set-clipboard', () => {
    const clipboard = createClipboard({ env: { PATH: '/nonexistent', TMUX: '/tmp/tmux-0/default,1,0' }, platform: 'linux', terminal: capture() });
    expect(clipboard.note).toContain('set -g set-clipboard on');
  });

  test('with no terminal either, copying fails with a sentence', async () => {
    const clipboard = createClipboard({ env: { PATH: '/nonexistent' }, platform: 'linux', terminal: capture(false) });
    expect(clipboard.method).toBe('none');
    await expect(clipboard.copy('x')).rejects.toThrow('No clipboard is available here.');
  });
});
