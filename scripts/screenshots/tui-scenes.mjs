// Screenshot scenes of the terminal UI (see scenes.mjs for the scene format). Most run on
// `coffer --demo`, whose sample vault needs no setup; the error screen corrupts a fresh vault;
// the team scenes start their own etcd (team-scene.ts).
//
// Keys are tmux key names. From the demo's first screen, `j l j j l` opens
// billing-api › production › Secrets with DATABASE_URL selected.
import { fileURLToPath } from 'node:url';

const TO_DATABASE_URL = ['j', 'l', 'j', 'j', 'l'];

/**
 * The TUI on a team vault: a real etcd on loopback holding the demo's sample vault, opened as
 * alice (scripts/screenshots/team-scene.ts says what each mode sets up).
 */
const TEAM_SCENE = [process.execPath, fileURLToPath(new URL('./team-scene.mjs', import.meta.url))];

/** Flips one byte inside the vault's ciphertext: the file no longer authenticates. */
const CORRUPT_VAULT = [
  process.execPath,
  '-e',
  "const fs=require('fs');const p=process.env.COFFER_VAULT;const b=fs.readFileSync(p);b[b.length-40]^=0xff;fs.writeFileSync(p,b)",
];

export default [
  {
    name: 'tui-main',
    coffer: ['--demo'],
    cols: 120,
    rows: 34,
    steps: [{ waitFor: 'billing-api' }, { press: TO_DATABASE_URL }, { waitFor: 'production › DATABASE_URL › v7' }],
  },
  {
    name: 'tui-masked-edit',
    coffer: ['--demo'],
    cols: 120,
    rows: 34,
    steps: [
      { waitFor: 'billing-api' },
      { press: TO_DATABASE_URL },
      { waitFor: 'DATABASE_URL › v7' },
      { press: 'e' },
      { waitFor: 'saving makes v8' },
      { type: 'postgres://billing:s3cret-8@db-4.demo.internal:5432/billing' },
      { waitFor: /masked · \d+ chars/ },
    ],
  },
  {
    name: 'tui-rollback-confirm',
    coffer: ['--demo'],
    cols: 120,
    rows: 34,
    steps: [
      { waitFor: 'billing-api' },
      { press: [...TO_DATABASE_URL, '4', 'j', 'j', 'j', 'j'] },
      { waitFor: 'DATABASE_URL › v3' },
      { press: 'R' },
      { waitFor: "v3's value becomes v8." },
    ],
  },
  {
    name: 'tui-help',
    coffer: ['--demo'],
    cols: 120,
    rows: 40,
    steps: [{ waitFor: 'billing-api' }, { press: [...TO_DATABASE_URL, '4', '?'] }, { waitFor: 'Keys' }],
  },
  {
    name: 'tui-audit',
    coffer: ['--demo'],
    cols: 120,
    rows: 34,
    // billing-api's audit, the cursor on staging's copy of production's sealed signing key.
    steps: [{ waitFor: 'billing-api' }, { press: ['j', 'a'] }, { waitFor: 'prod-reuse' }, { press: ['j', 'j', 'j', 'l'] }],
  },
  {
    name: 'tui-rotate',
    coffer: ['--demo'],
    cols: 120,
    rows: 34,
    steps: [
      { waitFor: 'billing-api' },
      { press: [...TO_DATABASE_URL, 'j', 'j', 'j', 'j', 'j', 'j', 'o'] },
      { waitFor: 'Rotate STRIPE_SECRET_KEY' },
      { waitFor: 'x shows' },
    ],
  },
  {
    name: 'tui-diff',
    coffer: ['--demo'],
    cols: 120,
    rows: 34,
    steps: [
      { waitFor: 'billing-api' },
      { press: ['j', ':'] },
      { waitFor: 'Command palette' },
      { type: 'diff staging production' },
      { waitFor: 'Compare billing-api: staging → production' },
      { press: 'Enter' },
      { waitFor: 'Diff of billing-api' },
    ],
  },
  {
    name: 'tui-team-live',
    cmd: [...TEAM_SCENE, 'live'],
    cols: 120,
    rows: 34,
    // bob saves DATABASE_URL as soon as alice's TUI shows it: it updates without a key pressed.
    steps: [
      { waitFor: 'billing-api', timeout: 20_000 },
      { press: TO_DATABASE_URL },
      { waitFor: 'DATABASE_URL changed by bob (v8)' },
    ],
  },
  {
    name: 'tui-team-conflict',
    cmd: [...TEAM_SCENE, 'conflict'],
    cols: 120,
    rows: 34,
    // alice saves DATABASE_URL; bob's save of it reaches etcd first: both sides, by fingerprint.
    steps: [
      { waitFor: 'billing-api', timeout: 20_000 },
      { press: [...TO_DATABASE_URL, 'e'] },
      { waitFor: 'saving makes v8' },
      { type: 'postgres://billing:alice-8@db-4.demo.internal:5432/billing' },
      { press: 'Enter' },
      { waitFor: 'Not saved: bob changed DATABASE_URL first' },
    ],
  },
  {
    name: 'tui-team-members',
    // The real program on a team set up with the CLI: init, join, grant (team-members.sh).
    cmd: ['bash', fileURLToPath(new URL('./team-members.sh', import.meta.url))],
    cols: 120,
    rows: 34,
    steps: [
      { waitFor: 'billing-api', timeout: 20_000 },
      { press: ':' },
      { waitFor: 'Command palette' },
      { type: 'members' },
      { press: 'Enter' },
      { waitFor: '1 pending request' },
    ],
  },
  {
    name: 'tui-error',
    coffer: [],
    cols: 100,
    rows: 16,
    setup: [{ coffer: ['init'] }, { cmd: CORRUPT_VAULT }],
    steps: [{ waitFor: 'coffer cannot open this vault' }],
  },
  {
    name: 'tui-80x24',
    coffer: ['--demo'],
    cols: 80,
    rows: 24,
    steps: [{ waitFor: 'billing-api' }, { press: [...TO_DATABASE_URL, 'x'] }, { waitFor: 'Revealed DATABASE_URL' }],
  },
];
