// The domain's public surface, for the store, the UI and the CLI.
export * from './model.js';
export * from './errors.js';
export * from './ids.js';
export * from './names.js';
export * from './ports.js';
export * from './queries.js';
export * from './operations.js';
export * from './resolve.js';
export * from './audit.js';
export * from './state.js';
export * from './session.js';
export * from './hygiene.js';
export * from './generate.js';
export * from './dotenv.js';
export * from './bulk.js';
