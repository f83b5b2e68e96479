// Real etcd for the team-vault tests: one or three members of /usr/bin/etcd on loopback, on
// free ports, each with a temporary data dir and fast election flags (ready in ~150 ms). Members
// can be killed (-9), frozen (SIGSTOP), thawed and restarted on their data; the leader can be
// found. stop() ends every process this helper started and removes the data.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ETCD_BINARY = process.env['COFFER_TEST_ETCD'] ?? '/usr/bin/etcd';
const READY_TIMEOUT_MS = 15_000;

export interface EtcdMember {
  readonly name: string;
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly dataDir: string;
  readonly logFile: string;
  process: ChildProcess | undefined;
  /** Resolves when the current process exits. */
  exited: Promise<void>;
}

/** A throwaway PKI made with openssl: a CA, a server certificate for 127.0.0.1, a client's. */
export interface TestPki {
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  /** Another CA, which signed nothing the server has (for "unknown CA"). */
  otherCaFile: string;
}

/** Makes a TestPki in `dir` (EC P-256 keys, one day). */
export function makeTestPki(dir: string): TestPki {
  const at = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ca = (name: string) => {
    ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-keyout', at(`${name}.key`), '-out', at(`${name}.crt`));
  };
  const leaf = (name: string, ext: string) => {
    writeFileSync(at(`${name}.ext`), ext);
    ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${name}`, '-keyout', at(`${name}.key`), '-out', at(`${name}.csr`));
    ssl('x509', '-req', '-in', at(`${name}.csr`), '-CA', at('test-ca.crt'), '-CAkey', at('test-ca.key'), '-CAcreateserial', '-days', '1', '-extfile', at(`${name}.ext`), '-out', at(`${name}.crt`));
  };
  ca('test-ca');
  ca('other-ca');
  leaf('server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  leaf('client', 'extendedKeyUsage=clientAuth\n');
  return {
    caFile: at('test-ca.crt'),
    serverCertFile: at('server.crt'),
    serverKeyFile: at('server.key'),
    clientCertFile: at('client.crt'),
    clientKeyFile: at('client.key'),
    otherCaFile: at('other-ca.crt'),
  };
}

/** Serving clients over TLS: the server's certificate, and whether a client certificate is required. */
export interface EtcdTlsOptions {
  pki: TestPki;
  clientCertAuth?: boolean;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class EtcdCluster {
  private constructor(
    readonly root: string,
    readonly members: EtcdMember[],
    private readonly initialCluster: string,
    private readonly token: string,
    private readonly elections: 'fast' | 'default' = 'fast',
    readonly tls: EtcdTlsOptions | undefined = undefined,
  ) {}

  /**
   * Starts `size` members and waits until every one reports healthy. Elections are fast (20 ms
   * heartbeat, 200 ms election timeout) for tests; `elections: 'default'` keeps etcd's own
   * 100 ms / 1 s, as a production cluster runs, for measuring how long a leader loss stalls writes.
   * Pre-vote is on in both: a follower that was starved of CPU, or frozen,
   * does not depose a working leader when it comes back.
   */
  static async start(size: 1 | 3 = 1, options: { elections?: 'fast' | 'default'; tls?: EtcdTlsOptions } = {}): Promise<EtcdCluster> {
    if (!existsSync(ETCD_BINARY)) {
      throw new Error(`etcd is not installed at ${ETCD_BINARY}: install it (apt-get install -y etcd-server etcd-client) or set COFFER_TEST_ETCD to its path`);
    }
    const root = await mkdtemp(join(tmpdir(), 'coffer-etcd-'));
    const members: EtcdMember[] = [];
    for (let i = 1; i <= size; i++) {
      const [client, peer] = [await freePort(), await freePort()];
      members.push({
        name: `m${i}`,
        clientUrl: `${options.tls ? 'https' : 'http'}://127.0.0.1:${client}`,
        peerUrl: `http://127.0.0.1:${peer}`,
        dataDir: join(root, `m${i}`),
        logFile: join(root, `m${i}.log`),
        process: undefined,
        exited: Promise.resolve(),
      });
    }
    const initialCluster = members.map((m) => `${m.name}=${m.peerUrl}`).join(',');
    const cluster = new EtcdCluster(root, members, initialCluster, `coffer-test-${Date.now()}-${process.pid}`, options.elections, options.tls);
    try {
      for (const member of members) cluster.spawn(member);
      await Promise.all(members.map((member) => cluster.waitHealthy(member)));
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  get endpoints(): string[] {
    return this.members.map((m) => m.clientUrl);
  }

  member(index: number): EtcdMember {
    const member = this.members[index];
    if (!member) throw new Error(`no member ${index}`);
    return member;
  }

  /** kill -9 one member and wait until it is gone. */
  async kill(index: number): Promise<void> {
    const member = this.member(index);
    member.process?.kill('SIGCONT');
    member.process?.kill('SIGKILL');
    await member.exited;
  }

  /** Freezes a member (SIGSTOP): its sockets stay open, nothing answers. */
  freeze(index: number): void {
    this.member(index).process?.kill('SIGSTOP');
  }

  thaw(index: number): void {
    this.member(index).process?.kill('SIGCONT');
  }

  /** Starts a stopped member again on its data and waits until it is healthy. */
  async restart(index: number): Promise<void> {
    const member = this.member(index);
    if (member.process) throw new Error(`${member.name} is still running`);
    this.spawn(member);
    await this.waitHealthy(member);
  }

  /**
   * Thaws every frozen member, starts every stopped one, and waits until each is healthy (has a
   * leader): so that a test starts on a whole cluster whatever the one before it left.
   */
  async heal(): Promise<void> {
    for (const member of this.members) {
      member.process?.kill('SIGCONT');
      if (!member.process) this.spawn(member);
    }
    await Promise.all(this.members.map((member) => this.waitHealthy(member)));
  }

  /** The index of the member that is leader now, asked of the members that answer. */
  async leader(): Promise<number> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const statuses = await Promise.all(this.members.map((m) => (m.process ? status(m.clientUrl) : Promise.resolve(undefined))));
      for (const s of statuses) {
        if (!s || s.leader === '0') continue;
        const index = statuses.findIndex((other) => other?.memberId === s.leader);
        if (index >= 0) return index;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('etcd: no leader within 15 s');
  }

  /** Ends every member (SIGKILL; they hold nothing worth flushing) and removes their data. */
  async stop(): Promise<void> {
    await Promise.all(this.members.map((_, i) => this.kill(i)));
    await rm(this.root, { recursive: true, force: true });
  }

  /** The last lines a member logged, for failure messages. */
  log(index: number, lines = 20): string {
    try {
      return readFileSync(this.member(index).logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  private spawn(member: EtcdMember): void {
    const log = openSync(member.logFile, 'a');
    const child = spawn(
      ETCD_BINARY,
      [
        '--name', member.name,
        '--data-dir', member.dataDir,
        '--listen-client-urls', member.clientUrl,
        '--advertise-client-urls', member.clientUrl,
        '--listen-peer-urls', member.peerUrl,
        '--initial-advertise-peer-urls', member.peerUrl,
        '--initial-cluster', this.initialCluster,
        '--initial-cluster-token', this.token,
        '--initial-cluster-state', 'new',
        ...(this.elections === 'fast' ? ['--heartbeat-interval', '20', '--election-timeout', '200'] : []),
        '--pre-vote',
        ...(this.tls
          ? [
              '--cert-file', this.tls.pki.serverCertFile,
              '--key-file', this.tls.pki.serverKeyFile,
              ...(this.tls.clientCertAuth ? ['--client-cert-auth', '--trusted-ca-file', this.tls.pki.caFile] : []),
            ]
          : []),
        '--logger', 'zap',
        '--log-outputs', 'stderr',
      ],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    running.add(child);
    member.process = child;
    member.exited = new Promise((resolve) => {
      child.once('exit', () => {
        running.delete(child);
        if (member.process === child) member.process = undefined;
        resolve();
      });
    });
  }

  private async waitHealthy(member: EtcdMember): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!member.process) throw new Error(`etcd ${member.name} exited while starting:\n${this.log(this.members.indexOf(member))}`);
      if (await healthy(member.clientUrl, this.tls)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`etcd ${member.name} not healthy within 15 s:\n${this.log(this.members.indexOf(member))}`);
  }
}

export async function healthy(clientUrl: string, tls?: EtcdTlsOptions): Promise<boolean> {
  if (clientUrl.startsWith('https:')) return healthyTls(clientUrl, tls);
  try {
    const response = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(500) });
    return ((await response.json()) as { health?: string }).health === 'true';
  } catch {
    return false;
  }
}

function healthyTls(clientUrl: string, tls: EtcdTlsOptions | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const pki = tls?.pki;
    const req = httpsRequest(
      new URL('/health', clientUrl),
      { timeout: 500, servername: '', ...(pki && { ca: readFileSync(pki.caFile), cert: readFileSync(pki.clientCertFile), key: readFileSync(pki.clientKeyFile) }) },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        response.on('end', () => resolve(/"health":\s*"true"/.test(body)));
        response.on('error', () => resolve(false));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

async function status(clientUrl: string): Promise<{ memberId: string; leader: string } | undefined> {
  try {
    const response = await fetch(`${clientUrl}/v3/maintenance/status`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(500) });
    const body = (await response.json()) as { header?: { member_id?: string }; leader?: string };
    return body.header?.member_id && body.leader ? { memberId: body.header.member_id, leader: body.leader } : undefined;
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
