// Turning repository records into the domain's VaultState and applying committed changes to
// it. Changes produce new objects (never mutate), so UI code can compare by reference.
import { CofferError } from './errors.js';
import { parseRecordId } from './ids.js';
import type { VaultState } from './model.js';
import type { LoadedVault, RecordChange, RecordId, Revision } from './ports.js';

export function stateFromRecords(loaded: LoadedVault): { state: VaultState; revisions: Map<RecordId, Revision> } {
  let meta: VaultState['meta'] | undefined;
  const apps: VaultState['apps'] = {};
  const secrets: VaultState['secrets'] = {};
  const revisions = new Map<RecordId, Revision>();
  for (const [id, { record, revision }] of loaded.records) {
    revisions.set(id, revision);
    if (record.type === 'meta') meta = record.value;
    else if (record.type === 'app') apps[record.value.name] = record.value;
    else secrets[id] = record.value;
  }
  if (!meta) throw new CofferError('integrity', 'The vault has no metadata record; it is incomplete.');
  return { state: { meta, apps, secrets }, revisions };
}

export function applyChanges(state: VaultState, changes: readonly RecordChange[]): VaultState {
  let { meta } = state;
  let apps = state.apps;
  let secrets = state.secrets;
  for (const { id, record } of changes) {
    const parsed = parseRecordId(id);
    if (!parsed) throw new CofferError('integrity', `Unknown record id ${JSON.stringify(id)}.`);
    if (parsed.type === 'meta') {
      if (record?.type === 'meta') meta = record.value;
    } else if (parsed.type === 'app') {
      if (apps === state.apps) apps = { ...apps };
      if (record?.type === 'app') apps[parsed.app] = record.value;
      else delete apps[parsed.app];
    } else {
      if (secrets === state.secrets) secrets = { ...secrets };
      if (record?.type === 'secret') secrets[id] = record.value;
      else delete secrets[id];
    }
  }
  return { meta, apps, secrets };
}
