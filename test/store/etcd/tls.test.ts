import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CofferError } from '../../../src/domain/errors.js';
import { connectEtcd } from '../../../src/store/etcd/client.js';
import type { EtcdTls } from '../../../src/store/etcd/client.js';
import { EtcdTlsError } from '../../../src/store/etcd/errors.js';
import { connectionFromEnv } from '../../../src/team/opener.js';
import { EtcdCluster, makeTestPki } from '../../helpers/etcd.js';
import type { TestPki } from '../../helpers/etcd.js';

// etcd serving its clients over TLS and asking each for a certificate (--client-cert-auth), with a
// throwaway CA made by openssl: coffer connects with the CA and its client certificate, and says
// which part is wrong when one is.
describe('etcd over TLS (real etcd, a throwaway CA)', () => {
  let dir: string;
  let pki: TestPki;
  let cluster: EtcdCluster;
  const pem = (file: string) => readFileSync(file);
  const full = (): EtcdTls => ({ ca: pem(pki.caFile), cert: pem(pki.clientCertFile), key: pem(pki.clientKeyFile) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'coffer-pki-'));
    pki = makeTestPki(dir);
    cluster = await EtcdCluster.start(1, { tls: { pki, clientCertAuth: true } });
  });
  afterAll(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes and reads with the CA and a client certificate; the health probe speaks TLS too', async () => {
    expect(cluster.endpoints[0]).toMatch(/^https:\/\/127\.0\.0\.1:/);
    const client = await connectEtcd({ endpoints: cluster.endpoints, tls: full() });
    try {
      await client.txn({ success: [{ request_put: { key: Buffer.from('/t/tls'), value: Buffer.from('over tls') } }] });
      expect((await client.get('/t/tls'))?.value.toString()).toBe('over tls');
      expect(await client.health()).toEqual({ up: cluster.endpoints, down: [] });
    } finally {
      await client.close();
    }
  });

  const refusals: Array<[string, () => EtcdTls | undefined, RegExp]> = [
    ['without the CA (the system roots do not know it)', () => undefined, /not signed by a CA coffer trusts/],
    ['with another CA', () => ({ ca: pem(pki.otherCaFile), cert: pem(pki.clientCertFile), key: pem(pki.clientKeyFile) }), /not signed by a CA coffer trusts/],
    ['without a client certificate', () => ({ ca: pem(pki.caFile) }), /client certificate/],
  ];
  for (const [name, tls, reason] of refusals) {
    it(`is refused ${name}, as a TLS error saying so, within the call's bound`, async () => {
      const options = tls();
      const client = await connectEtcd({ endpoints: cluster.endpoints, callTimeoutMs: 500, ...(options && { tls: options }) });
      try {
        const started = Date.now();
        const error = await client.get('/t/tls').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(EtcdTlsError);
        expect((error as CofferError).message).toMatch(reason);
        expect((error as CofferError).message).toContain(cluster.endpoints[0]);
        expect((error as CofferError).hint).toContain('COFFER_ETCD_CA');
        expect(Date.now() - started).toBeLessThan(client.overallTimeoutMs + 2_000);
      } finally {
        await client.close();
      }
    });
  }

  it('http:// to a TLS port fails within its bound, never hangs', async () => {
    const endpoint = cluster.endpoints[0]!.replace('https://', 'http://');
    const client = await connectEtcd({ endpoints: [endpoint], callTimeoutMs: 500 });
    try {
      const started = Date.now();
      const error = await client.get('/t/tls').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CofferError);
      expect((error as CofferError).code).toBe('io');
      expect(Date.now() - started).toBeLessThan(client.overallTimeoutMs + 2_000);
    } finally {
      await client.close();
    }
  });
});

describe('TLS settings from the environment', () => {
  const entry = (endpoints: string[]) => ({ name: 'acme', member: 'alice', endpoints });
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'coffer-pem-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads COFFER_ETCD_CA, _CERT and _KEY as PEM files', () => {
    const file = join(dir, 'a.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    const connection = connectionFromEnv(entry(['https://10.0.0.1:2379']), { COFFER_ETCD_CA: file, COFFER_ETCD_CERT: file, COFFER_ETCD_KEY: file });
    expect(connection.tls?.ca?.toString()).toContain('BEGIN CERTIFICATE');
    expect(connection.tls?.cert).toBeDefined();
    expect(connection.tls?.key).toBeDefined();
    expect(connectionFromEnv(entry(['https://10.0.0.1:2379']), {}).tls).toBeUndefined();
  });

  it('a missing or non-PEM file is a usage error naming the variable, never quoting the file', () => {
    const missing = join(dir, 'missing.pem');
    expect(() => connectionFromEnv(entry(['https://h:2379']), { COFFER_ETCD_CA: missing })).toThrow(/COFFER_ETCD_CA=.*missing\.pem cannot be read \(ENOENT\)/);
    const notPem = join(dir, 'key.txt');
    writeFileSync(notPem, 'SECRET-KEY-MATERIAL');
    let error: unknown;
    try {
      connectionFromEnv(entry(['https://h:2379']), { COFFER_ETCD_KEY: notPem });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CofferError);
    expect((error as CofferError).code).toBe('usage');
    expect((error as CofferError).message).toContain('is not a PEM file');
    expect(`${(error as CofferError).message} ${(error as CofferError).hint}`).not.toContain('SECRET-KEY-MATERIAL');
  });

  it('refuses mixed schemes, TLS files with http:// endpoints, and a certificate without its key', async () => {
    await expect(connectEtcd({ endpoints: ['http://127.0.0.1:1', 'https://127.0.0.1:2'] })).rejects.toThrow(/mix http:\/\/ and https:\/\//);
    await expect(connectEtcd({ endpoints: ['http://127.0.0.1:1'], tls: { ca: Buffer.from('x') } })).rejects.toThrow(/endpoints are http:\/\//);
    await expect(connectEtcd({ endpoints: ['https://127.0.0.1:1'], tls: { cert: Buffer.from('x') } })).rejects.toThrow(/needs its key/);
  });
});
