// A team-vault writer the fault tests kill in the middle of a large commit. Reads its settings
// (endpoints, prefix, scope keys) as one JSON line on stdin — keys never go through argv — then
// imports `count` secrets in one commit and SIGKILLs itself at `step`, printing the step first.
import { createInterface } from 'node:readline';
import { connectEtcd } from '../../../src/store/etcd/client.js';
import { StaticKeyRing } from '../../../src/store/etcd/keyring.js';
import { TeamLayout } from '../../../src/store/etcd/layout.js';
import { EtcdVaultRepository } from '../../../src/store/etcd/repository.js';
import type { LargeCommitStep } from '../../../src/store/etcd/repository.js';
import { importChanges } from './etcd-records.js';

interface Settings {
  endpoints: string[];
  prefix: string;
  keys: Record<string, string>;
  step: LargeCommitStep | 'none';
  count: number;
  leaseSeconds: number;
}

const line = await new Promise<string>((resolve) => createInterface({ input: process.stdin }).once('line', resolve));
const settings = JSON.parse(line) as Settings;
const keys = new StaticKeyRing(Object.entries(settings.keys).map(([scope, hex]) => [scope, [[1, Buffer.from(hex, 'hex')]]]));
const client = await connectEtcd({ endpoints: settings.endpoints });
const repository = await EtcdVaultRepository.open({
  client,
  layout: new TeamLayout(settings.prefix),
  keys,
  owner: 'crash-writer',
  intentLeaseSeconds: settings.leaseSeconds,
  onLargeCommitStep: (step) => {
    if (step !== settings.step) return;
    process.stdout.write(`at ${step}\n`, () => process.kill(process.pid, 'SIGKILL'));
    return new Promise(() => undefined); // never continue past the kill
  },
});
const changes = importChanges(settings.count);
await repository.commit({
  changes,
  expected: Object.fromEntries(changes.map((c) => [c.id, null])),
  audit: changes.map((_, i) => ({ action: 'secret.import', app: 'imp', env: 'production', key: `K_${i}` })),
  actor: 'crash-writer',
});
process.stdout.write('done\n');
await repository.close();
