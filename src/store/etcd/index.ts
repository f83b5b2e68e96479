// The team store on etcd: what the composition root, the membership code and the TUI use.
// Layout and protocol: src/store/etcd/README.md. Nothing here loads etcd3 until connectEtcd()
// is called, so importing this module is cheap.
export { TeamLayout, TEAM_SCOPE, envScope, personalScope, parseScope, prefixEnd, teamPrefix } from './layout.js';
export type { ParsedKey, ParsedScope, Scope } from './layout.js';
export { sealRecord, openRecord, openWithKey, recordAad, recordGeneration, RECORD_FORMAT, RECORD_OVERHEAD } from './record-crypto.js';
export { StaticKeyRing } from './keyring.js';
export type { ScopeKey, TeamKeyRing } from './keyring.js';
export { EtcdClient, connectEtcd, classifyEtcdError, DEFAULT_CALL_TIMEOUT_MS } from './client.js';
export type { EndpointHealth, EtcdClientOptions, EtcdErrorKind } from './client.js';
export { EtcdAuthError, EtcdRequestError, EtcdUnreachableError, ScopeLockedError, TamperedRecordError, UnknownOutcomeError } from './errors.js';
