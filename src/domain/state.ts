// Turning repository records into the domain's VaultState and applying committed changes to
// it. Changes produce new objects (never mutate), so UI code can compare by reference.
// Secrets are read from their records on first access: see lazy-secrets.ts.
import { CofferError } from './errors.js';
import { parseRecordId } from './ids.js';
import { lazySecrets, SECRET_ID_PREFIX, withSecretChanges } from './lazy-secrets.js';

export { secretIds } from './lazy-secrets.js';
import type { Secret, VaultState } from './model.js';
import type { LoadedVault, RecordChange, RecordId, Revision } from './ports.js';

export function stateFromRecords(loaded: LoadedVault): { state: VaultState; revisions: Map<RecordId, Revision> } {
  let meta: VaultState['meta'] | undefined;
  const apps: VaultState['apps'] = {};
  const secretRecords = new Map<RecordId, LoadedVault['records'] extends Map<RecordId, infer E> ? E : never>();
  const revisions = new Map<RecordId, Revision>();
  for (const [id, entry] of loaded.records) {
    revisions.set(id, entry.revision);
    if (id.startsWith(SECRET_ID_PREFIX)) {
      secretRecords.set(id, entry); // read when first looked at
      continue;
    }
    const { record } = entry;
    if (record.type === 'meta') meta = record.value;
    else if (record.type === 'app') apps[record.value.name] = record.value;
    else throw new CofferError('integrity', `The vault's record ${JSON.stringify(id)} holds a secret under an id that names no secret.`);
  }
  if (!meta) throw new CofferError('integrity', 'The vault has no metadata record; it is incomplete.');
  return { state: { meta, apps, secrets: lazySecrets(secretRecords) }, revisions };
}

export function applyChanges(state: VaultState, changes: readonly RecordChange[]): VaultState {
  let { meta } = state;
  let apps = state.apps;
  const secretChanges = new Map<RecordId, Secret | null>();
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
      secretChanges.delete(id); // a later change to the same id wins, and comes last
      secretChanges.set(id, record?.type === 'secret' ? record.value : null);
    }
  }
  if (secretChanges.size === 0) return { meta, apps, secrets: state.secrets };
  return { meta, apps, secrets: withSecretChanges(state.secrets, secretChanges) ?? copyWithChanges(state.secrets, secretChanges) };
}

/** For a state built from plain objects (not loaded from records). */
function copyWithChanges(secrets: VaultState['secrets'], changes: ReadonlyMap<RecordId, Secret | null>): VaultState['secrets'] {
  const next = { ...secrets };
  for (const [id, secret] of changes) {
    if (secret) next[id] = secret;
    else delete next[id];
  }
  return next;
}
