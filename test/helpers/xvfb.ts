// A private X server for clipboard tests: Xvfb on a free display number, ready when it says so.
//
//   const x = await startXvfb();   // x.display is ":N"
//   ... DISPLAY=x.display xclip ...
//   await x.stop();
//
// `-displayfd` makes Xvfb pick a free display itself (it skips numbers whose lock files exist)
// and write the number once it accepts connections, so there is no race with other servers and
// no polling. A missing Xvfb is an error, not a skip: the clipboard tests must run for real.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface Xvfb {
  /** ":N", for DISPLAY. */
  display: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;

export function startXvfb(): Promise<Xvfb> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '320x240x24'], {
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      reject(error);
      return;
    }
    let stderr = '';
    let announced = '';
    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail(`Xvfb did not start within ${START_TIMEOUT_MS / 1000} s.\n${stderr}`), START_TIMEOUT_MS);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new Error('Xvfb is not installed; the clipboard tests need it and xclip: apt-get install -y xvfb xclip (.ci/run does).')
          : error,
      );
    });
    child.on('exit', (code, signal) => {
      if (!announced.includes('\n')) fail(`Xvfb exited (${code ?? signal}) before it was ready.\n${stderr}`);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const fd3 = child.stdio[3] as Readable;
    fd3.setEncoding('utf8').on('data', (chunk: string) => {
      announced += chunk;
      if (!announced.includes('\n')) return;
      clearTimeout(timer);
      const display = `:${announced.trim()}`;
      resolve({ display, stop: () => stop(child) });
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
