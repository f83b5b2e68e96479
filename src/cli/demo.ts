// `coffer --demo`: a throwaway vault in memory with realistic sample data, so anyone can try the
// terminal UI in one command. It is seeded through the domain operations and a VaultSession,
// like real use, so histories, rollbacks, deletions and the audit chain are all genuine. Nothing
// is written to disk and no keychain is touched. The values are obviously fake.
import { randomUUID } from 'node:crypto';
import { RefusedError } from '../domain/errors.js';
import {
  addApp,
  addEnv,
  deleteVersion,
  destroyVersion,
  newVaultRecords,
  rollbackSecret,
  setSecret,
  updateSecretMeta,
} from '../domain/operations.js';
import type { Mutation, SecretMetaPatch } from '../domain/operations.js';
import type { Context, UnlockMethod, VaultOpener, VaultRepository } from '../domain/ports.js';
import type { VaultState } from '../domain/model.js';
import { VaultSession } from '../domain/session.js';
import { MemoryVaultRepository } from '../store/memory-repository.js';

const DAY_MS = 86_400_000;

/** A context whose clock and actor the seed script moves, so versions get real-looking histories. */
class SeedClock implements Context {
  private at: number;
  actor = 'alice';
  constructor(private readonly end: number, startDaysAgo: number) {
    this.at = end - startDaysAgo * DAY_MS;
  }
  now(): Date {
    return new Date(this.at);
  }
  /** Moves to `days` before the end (never backwards), as `actor`. */
  when(daysAgo: number, actor: string): this {
    this.at = Math.max(this.at + 60_000, this.end - daysAgo * DAY_MS);
    this.actor = actor;
    return this;
  }
}

type Step = (state: VaultState) => Mutation;

interface DemoSecret {
  app: string;
  env: string;
  key: string;
  meta?: SecretMetaPatch;
  /** Values, oldest first, each with how many days ago and by whom it was set. */
  history: [value: string, daysAgo: number, actor: string][];
}

const PEM = (label: string, body: string) =>
  [`-----BEGIN ${label}-----`, ...body.match(/.{1,64}/g)!, `-----END ${label}-----`].join('\n');

const FAKE_CERT_BODY =
  'MIIDemoQ0VSVElGSUNBVEUtZm9yLWNvZmZlci1kZW1vLW9ubHktbm90LXJlYWwtZG8tbm90LXVzZS0wMDAwMDAwMDAw' +
  'Q29mZmVyRGVtb0NlcnRpZmljYXRlQm9keUZpbGxlckRhdGFGb3JEaXNwbGF5UHVycG9zZXNPbmx5MTIzNDU2Nzg5MA';

const SECRETS: DemoSecret[] = [
  {
    app: 'shared',
    env: 'production',
    key: 'SENTRY_DSN',
    meta: { comment: 'Error reporting for every service', tags: ['observability'] },
    history: [['https://demo0000public@o0.ingest.sentry.example/1', 300, 'alice']],
  },
  {
    app: 'shared',
    env: 'production',
    key: 'DATADOG_API_KEY',
    meta: { purpose: 'api-key', rotation: { everyDays: 90 }, tags: ['observability'] },
    history: [
      ['dd_demo_0a1b2c3d4e5f60718293a4b5c6d7e8f9', 170, 'alice'],
      ['dd_demo_f9e8d7c6b5a4938271605f4e3d2c1b0a', 82, 'bob'],
    ],
  },
  {
    app: 'shared',
    env: 'production',
    key: 'LOG_LEVEL',
    meta: { type: 'config', comment: 'Apps may override it' },
    history: [['info', 300, 'alice']],
  },
  {
    app: 'shared',
    env: 'staging',
    key: 'LOG_LEVEL',
    meta: { type: 'config' },
    history: [['debug', 300, 'alice']],
  },
  {
    app: 'billing-api',
    env: 'production',
    key: 'DATABASE_URL',
    meta: {
      purpose: 'username-password',
      comment: 'Primary Postgres (read-write). Rotated with the DBA team.',
      tags: ['db', 'postgres'],
      path: '/db/primary',
      rotation: { everyDays: 90 },
    },
    history: [
      ['postgres://billing:demo-pass-1@db-1.demo.internal:5432/billing', 280, 'alice'],
      ['postgres://billing:demo-pass-2@db-1.demo.internal:5432/billing', 200, 'alice'],
      ['postgres://billing:demo-pass-3@db-2.demo.internal:5432/billing', 140, 'bob'],
      ['postgres://billing:demo-pass-4@db-2.demo.internal:5432/billing?sslmode=require', 75, 'bob'],
      ['postgres://billing:demo-pass-5@db-3.demo.internal:5432/billing?sslmode=require', 40, 'deploy-bot'],
    ],
  },
  {
    app: 'billing-api',
    env: 'production',
    key: 'STRIPE_SECRET_KEY',
    meta: { purpose: 'api-key', comment: 'Live key, restricted to charges and refunds', tags: ['payments', 'pci'], rotation: { everyDays: 30 } },
    history: [
      ['sk_demo_live_4eC39HqLyjWDarjtT1zdp7dc', 120, 'alice'],
      ['sk_demo_live_9fA12KrMzxQEbskuU2aeq8ed', 47, 'bob'],
    ],
  },
  {
    app: 'billing-api',
    env: 'production',
    key: 'JWT_SIGNING_KEY',
    meta: { type: 'sealed', purpose: 'api-key', comment: 'Injected at deploy; nobody needs to read it' },
    history: [['demo-sealed-7c1e9a0b5d3f4e2a8b6c0d1e2f3a4b5c', 60, 'deploy-bot']],
  },
  {
    app: 'billing-api',
    env: 'production',
    key: 'PORT',
    meta: { type: 'config' },
    history: [['8080', 280, 'alice']],
  },
  {
    app: 'billing-api',
    env: 'production',
    key: 'LOG_LEVEL',
    meta: { type: 'config', comment: 'Overrides shared/production' },
    history: [['warn', 90, 'bob']],
  },
  {
    app: 'billing-api',
    env: 'production',
    key: 'TLS_CERT',
    meta: { kind: 'tls', comment: 'api.billing.demo certificate chain', tags: ['tls'], rotation: { everyDays: 365 } },
    history: [[PEM('CERTIFICATE', FAKE_CERT_BODY), 200, 'alice']],
  },
  {
    app: 'billing-api',
    env: 'production',
    key: 'GCP_SERVICE_ACCOUNT',
    meta: { kind: 'file', purpose: 'other', path: '/gcp', comment: 'Mounted as a file for the invoice exporter' },
    history: [
      [
        JSON.stringify({ type: 'service_account', project_id: 'billing-demo', client_email: 'exporter@billing-demo.iam.example', private_key_id: 'demo0000' }, null, 2),
        150,
        'bob',
      ],
    ],
  },
  {
    app: 'billing-api',
    env: 'production',
    key: 'REGISTRY_AUTH',
    meta: { kind: 'registry', purpose: 'username-password', tags: ['ci'] },
    history: [['{"auths":{"registry.demo.example":{"auth":"ZGVtbzpkZW1v"}}}', 100, 'deploy-bot']],
  },
  {
    app: 'billing-api',
    env: 'staging',
    key: 'DATABASE_URL',
    meta: { purpose: 'username-password', tags: ['db', 'postgres'], path: '/db/primary' },
    history: [['postgres://billing:staging-demo@db.staging.demo.internal:5432/billing', 60, 'bob']],
  },
  {
    app: 'billing-api',
    env: 'staging',
    key: 'STRIPE_SECRET_KEY',
    meta: { purpose: 'api-key', tags: ['payments'] },
    history: [['sk_demo_test_51Hdemo0000staging0000', 110, 'alice']],
  },
  // Two values reused across environments, for the audit to find: production's signing key
  // copied into staging (a finding of high severity), and qa pointed at staging's database.
  {
    app: 'billing-api',
    env: 'staging',
    key: 'JWT_SIGNING_KEY',
    meta: { type: 'sealed', purpose: 'api-key', comment: 'Copied from production for a load test' },
    history: [['demo-sealed-7c1e9a0b5d3f4e2a8b6c0d1e2f3a4b5c', 30, 'bob']],
  },
  {
    app: 'billing-api',
    env: 'qa',
    key: 'DATABASE_URL',
    meta: { purpose: 'username-password', tags: ['db', 'postgres'], comment: 'Shares the staging database' },
    history: [['postgres://billing:staging-demo@db.staging.demo.internal:5432/billing', 25, 'alice']],
  },
  {
    app: 'billing-api',
    env: 'development',
    key: 'DATABASE_URL',
    meta: { type: 'config', comment: 'Local docker-compose database' },
    history: [['postgres://billing:billing@localhost:5432/billing_dev', 250, 'alice']],
  },
  {
    app: 'web',
    env: 'production',
    key: 'SESSION_SECRET',
    meta: { purpose: 'api-key', rotation: { everyDays: 180 } },
    history: [
      ['demo-session-2f0c7d8e9a1b', 190, 'alice'],
      ['demo-session-8b3e1f6a0c9d', 12, 'bob'],
    ],
  },
  {
    app: 'web',
    env: 'production',
    key: 'OAUTH_CLIENT_SECRET',
    meta: { purpose: 'api-key', comment: 'GitHub OAuth app "Billing dashboard"', tags: ['auth', 'github'] },
    history: [['demo_oauth_5e4d3c2b1a09f8e7d6c5b4a3', 33, 'bob']],
  },
  {
    app: 'web',
    env: 'production',
    key: 'API_BASE_URL',
    meta: { type: 'config' },
    history: [['https://api.billing.demo', 240, 'alice']],
  },
  {
    app: 'web',
    env: 'staging',
    key: 'API_BASE_URL',
    meta: { type: 'config' },
    history: [['https://api.staging.billing.demo', 240, 'alice']],
  },
  {
    app: 'worker',
    env: 'production',
    key: 'QUEUE_URL',
    meta: { purpose: 'username-password', tags: ['queue'] },
    history: [['amqps://worker:demo-queue-pass@mq.demo.internal/billing', 70, 'deploy-bot']],
  },
  {
    app: 'worker',
    env: 'production',
    key: 'SMTP_PASSWORD',
    meta: { purpose: 'username-password', comment: 'Transactional mail (receipts)', rotation: { everyDays: 60 } },
    history: [
      ['demo-smtp-old-password', 130, 'alice'],
      ['demo-smtp-new-password', 55, 'alice'],
    ],
  },
];

/** The sample vault, step by step: apps, secrets with histories, then the story's twists. */
function seedSteps(clock: SeedClock): Step[] {
  const steps: Step[] = [
    (s) => addApp(s, clock.when(300, 'alice'), { name: 'billing-api', description: 'Invoices, payments and refunds' }),
    (s) => addApp(s, clock, { name: 'web', description: 'Customer dashboard' }),
    (s) => addApp(s, clock, { name: 'worker', description: 'Background jobs', envs: ['development', 'production'] }),
    (s) => addEnv(s, 'billing-api', 'qa'),
  ];
  const events: { daysAgo: number; step: Step }[] = [];
  for (const secret of SECRETS) {
    secret.history.forEach(([value, daysAgo, actor], index) => {
      const meta = index === 0 ? secret.meta : undefined;
      events.push({
        daysAgo,
        step: (s) => setSecret(s, clock.when(daysAgo, actor), { app: secret.app, env: secret.env, key: secret.key, value, ...(meta && { meta }) }),
      });
    });
  }
  const dbUrl = { app: 'billing-api', env: 'production', key: 'DATABASE_URL' };
  events.push(
    // v5 had a typo in the host: roll back to v3's value (v6), then set the fix (v7).
    { daysAgo: 38, step: (s) => rollbackSecret(s, clock.when(38, 'bob'), { ...dbUrl, to: 3 }) },
    {
      daysAgo: 20,
      step: (s) =>
        setSecret(s, clock.when(20, 'bob'), { ...dbUrl, value: 'postgres://billing:demo-pass-7@db-3.demo.internal:5432/billing?sslmode=verify-full' }),
    },
    // v2 leaked in a ticket: soft-deleted (undeletable); v1 destroyed for good.
    { daysAgo: 15, step: (s) => deleteVersion(s, clock.when(15, 'alice'), { ...dbUrl, version: 2 }) },
    { daysAgo: 14, step: (s) => destroyVersion(s, clock.when(14, 'alice'), { ...dbUrl, version: 1 }) },
    {
      daysAgo: 10,
      step: (s) => updateSecretMeta(s, clock.when(10, 'alice'), { app: 'web', env: 'production', key: 'OAUTH_CLIENT_SECRET' }, { rotation: { everyDays: 365 } }),
    },
  );
  events.sort((a, b) => b.daysAgo - a.daysAgo);
  return [...steps, ...events.map((e) => e.step)];
}

const DEMO_LOCATION = 'demo vault (in memory, discarded on exit)';

/** Builds the sample vault in a fresh in-memory repository. */
export async function createDemoRepository(context: Context): Promise<VaultRepository> {
  const clock = new SeedClock(context.now().getTime(), 300);
  // Audit entries are stamped by the repository's clock: the seed's while seeding, the real one after.
  let now = () => clock.now();
  const repository = new MemoryVaultRepository({ initial: newVaultRecords(clock, randomUUID()), actor: clock.actor, now: () => now() });
  const session = await VaultSession.open(repository, clock);
  for (const step of seedSteps(clock)) await session.apply((state) => step(state));
  now = () => context.now();
  return repository;
}

/** A VaultOpener over the demo vault: it always "exists" and the keychain always unlocks it. */
export function createDemoOpener(context: Context): VaultOpener {
  let repository: Promise<VaultRepository> | undefined;
  const open = () => (repository ??= createDemoRepository(context));
  return {
    location: DEMO_LOCATION,
    exists: async () => true,
    slots: async (): Promise<UnlockMethod[]> => ['keychain'],
    unlockWithKeychain: open,
    unlockWithPassphrase: open,
    unlockWithRecoveryCode: open,
    create: async () => {
      throw new RefusedError('The demo vault already exists.');
    },
  };
}
