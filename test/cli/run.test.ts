// coffer run: secrets reach the program as variables or files in RAM; its status is ours.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanupHarnesses, initialised, setFromPipe } from './fakes.js';

afterEach(cleanupHarnesses);

/** A program that records its environment, and for file-kind keys the file's content and mode. */
function recorder(out: string, fileKeys: string[] = []): string[] {
  const script = `
    const fs = require('node:fs');
    const files = {};
    for (const key of ${JSON.stringify(fileKeys)}) {
      const path = process.env[key];
      files[key] = { path, content: fs.readFileSync(path, 'utf8'), mode: fs.statSync(path).mode & 0o777 };
    }
    fs.writeFileSync(${JSON.stringify(out)}, JSON.stringify({ env: process.env, files }));`;
  return [process.execPath, '-e', script];
}

async function seeded() {
  const h = await initialised();
  h.env = { PATH: process.env.PATH, XDG_RUNTIME_DIR: h.dir };
  await setFromPipe(h, 'shared/production/SENTRY_DSN', 'shared-dsn');
  await setFromPipe(h, 'shared/production/LOG_LEVEL', 'warn');
  await setFromPipe(h, 'api/production/LOG_LEVEL', 'info');
  await setFromPipe(h, 'api/production/API_KEY', 'sealed-value', '--type', 'sealed');
  await setFromPipe(h, 'api/production/TLS_CERT', 'PEM\n', '--kind', 'tls', '--keep-newline');
  return h;
}

describe('run', () => {
  test('injects shared and app secrets (the app wins), sealed ones included; files go to RAM and are removed', async () => {
    const h = await seeded();
    const out = join(h.dir, 'out.json');
    const run = await h.run(['run', '--app', 'api', '--env', 'production', '--', ...recorder(out, ['TLS_CERT'])]);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const seen = JSON.parse(readFileSync(out, 'utf8'));
    expect(seen.env).toMatchObject({ SENTRY_DSN: 'shared-dsn', LOG_LEVEL: 'info', API_KEY: 'sealed-value' });
    expect(seen.files.TLS_CERT.content).toBe('PEM\n');
    expect(seen.files.TLS_CERT.mode).toBe(0o600);
    expect(seen.files.TLS_CERT.path.startsWith(join(h.dir, 'coffer-run-'))).toBe(true);
    expect(existsSync(seen.files.TLS_CERT.path)).toBe(false);
  });

  test('--only limits the keys, and fails listing every missing one (exit 3) before starting anything', async () => {
    const h = await seeded();
    const out = join(h.dir, 'only.json');
    expect((await h.run(['run', '--app', 'api', '--env', 'production', '--only', 'LOG_LEVEL', '--', ...recorder(out)])).code).toBe(0);
    const seen = JSON.parse(readFileSync(out, 'utf8'));
    expect(seen.env.LOG_LEVEL).toBe('info');
    expect(seen.env.SENTRY_DSN).toBeUndefined();
    const missing = await h.run(['run', '--app', 'api', '--env', 'production', '--only', 'LOG_LEVEL,NOPE,ALSO_NOPE', '--', ...recorder(join(h.dir, 'x.json'))]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('NOPE, ALSO_NOPE');
    expect(existsSync(join(h.dir, 'x.json'))).toBe(false);
  });

  test("the program's status is coffer's; a missing program is 127", async () => {
    const h = await seeded();
    expect((await h.run(['run', '--app', 'api', '--env', 'staging', '--', process.execPath, '-e', 'process.exit(7)'])).code).toBe(7);
    const missing = await h.run(['run', '--app', 'api', '--env', 'staging', '--', 'no-such-program-coffer']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('cannot run "no-such-program-coffer": not found');
  });

  test('options after the program name are the program\'s', async () => {
    const h = await seeded();
    const out = join(h.dir, 'argv.json');
    const script = `require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(1)))`;
    const run = await h.run(['run', '--app', 'api', '--env', 'staging', process.execPath, '-e', script, 'x', '--env', 'y']);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(['x', '--env', 'y']);
  });

  test('usage errors: no program, unknown environment', async () => {
    const h = await seeded();
    expect((await h.run(['run', '--app', 'api', '--env', 'production'])).code).toBe(2);
    const env = await h.run(['run', '--app', 'api', '--env', 'prod', '--', 'true']);
    expect(env.code).toBe(3);
    expect(env.stderr).toContain('Its environments');
  });
});
