// The repository contract against a real etcd, plus what only the etcd repository does.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordChange } from '../../src/domain/ports.js';
import { connectEtcd } from '../../src/store/etcd/client.js';
import { StaticKeyRing } from '../../src/store/etcd/keyring.js';
import { TeamLayout } from '../../src/store/etcd/layout.js';
import { EtcdVaultRepository } from '../../src/store/etcd/repository.js';
import { EtcdCluster } from '../helpers/etcd.js';
import { describeRepositoryContract } from './repository-contract.js';

let cluster: EtcdCluster;
beforeAll(async () => {
  cluster = await EtcdCluster.start(1);
});
afterAll(async () => {
  await cluster?.stop();
});

let teams = 0;
const SCOPES = ['_team', 'api/production', 'web/staging'];

function ringFor(scopes = SCOPES): StaticKeyRing {
  return new StaticKeyRing(scopes.map((scope) => [scope, [[1, randomBytes(32)]]]));
}

async function dump(prefix: string): Promise<Array<[string, string]>> {
  const client = await connectEtcd({ endpoints: cluster.endpoints });
  try {
    const { kvs } = await client.rangePrefix(prefix);
    return kvs.map((kv) => [kv.key.toString('utf8'), kv.value.toString('base64')]);
  } finally {
    await client.close();
  }
}

describeRepositoryContract('EtcdVaultRepository', async (initial: RecordChange[]) => {
  const layout = TeamLayout.forTeam(`contract-${process.pid}-${teams++}`);
  const client = await connectEtcd({ endpoints: cluster.endpoints });
  const repository = await EtcdVaultRepository.initialize({ client, layout, keys: ringFor(), initial, actor: 'tester' });
  return {
    repository,
    snapshot: () => dump(layout.prefix),
    cleanup: async () => undefined,
  };
});

describe('EtcdVaultRepository', () => {
  it('names its location etcd://host:port/<prefix>', async () => {
    const layout = TeamLayout.forTeam(`loc-${process.pid}`);
    const client = await connectEtcd({ endpoints: cluster.endpoints });
    const repository = await EtcdVaultRepository.initialize({ client, layout, keys: ringFor(), initial: [], actor: 'tester' });
    try {
      expect(repository.kind).toBe('etcd');
      expect(repository.location).toBe(`etcd://${cluster.endpoints[0]!.slice('http://'.length)}${layout.prefix}`);
    } finally {
      await repository.close();
    }
  });
});
