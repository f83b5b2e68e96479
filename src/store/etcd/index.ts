// The team store on etcd: what the composition root, the membership code and the TUI use.
// Layout and protocol: src/store/etcd/README.md. Nothing here loads etcd3 until connectEtcd()
// is called, so importing this module is cheap.
//
// Opening a team vault:
//   const client = await connectEtcd({ endpoints, auth?, callTimeoutMs? });
//   const repository = await EtcdVaultRepository.open({ client, layout: TeamLayout.forTeam(team), keys });
//   (EtcdVaultRepository.initialize({ ..., initial, actor }) creates one.)
// Beyond VaultRepository, the repository offers:
//   lockedScopes()                 environments whose key this member lacks (never decrypted)
//   reencryptScope(scope, g, key, actor?, { access? })   re-seals a scope under generation g (a
//                                  large commit); `access` is the new access/<scope> row, put at
//                                  its commit point: writers whose ring is still at an older
//                                  generation are then refused (ScopeRotatedError). Add the key
//                                  to the ring afterwards so this client's new writes use it
//   connectionState() / onConnectionState(listener)   online · degraded · offline, N of M down
//   startWatch()                   keep the mirror fresh without a listener (watch() starts it too)
//   readPersonal(member) / setPersonal(member, app, env, key, value | null)   personal overrides
//   onTeamRowsChange(listener)     team, members, requests, access, keys or personal rows changed
//   client, layout, keys           raw access for the membership rows (members, requests,
//                                  access, keys): use client.txn / client.rangePrefix / client.call
//                                  so every call stays bounded and its errors mapped.
// close() closes the client: an open watch or lease keeps the process alive otherwise.
export { TeamLayout, TEAM_SCOPE, envScope, personalScope, parseScope, prefixEnd, teamPrefix } from './layout.js';
export type { ParsedKey, ParsedScope, Scope } from './layout.js';
export { sealRecord, openRecord, openWithKey, recordAad, recordGeneration, RECORD_FORMAT, RECORD_OVERHEAD } from './record-crypto.js';
export { StaticKeyRing } from './keyring.js';
export type { ScopeKey, TeamKeyRing } from './keyring.js';
export { EtcdClient, connectEtcd, classifyEtcdError, DEFAULT_CALL_TIMEOUT_MS } from './client.js';
export type { EndpointHealth, EtcdClientOptions, EtcdErrorKind, EtcdTls } from './client.js';
export { EtcdAuthError, EtcdRequestError, EtcdTlsError, EtcdUnreachableError, ScopeLockedError, ScopeRotatedError, TamperedRecordError, UnknownOutcomeError } from './errors.js';
export { EtcdVaultRepository } from './repository.js';
export type { EtcdRepositoryOptions, LargeCommitStep } from './repository.js';
export { ConnectionMonitor, describeConnection } from './connection.js';
export type { ConnectionState } from './connection.js';
export type { CallOutcome } from './client.js';
export type { PersonalOverride } from './codec.js';
