// Values the palette's choices carry (presenters/palette.ts builds the choices); what each does
// is decided in commands/palette.ts. Names cannot hold '/', so it separates arguments.
import type { PromptPurpose } from '../types.js';

export const PaletteValue = {
  jumpPage: 'page:jump',
  rollbackPage: 'page:rollback',
  /** Puts text on the command line (a command that needs arguments). */
  fill: (text: string) => `fill:${text}`,
  jump: (app: string, env: string) => `jump:${app}/${env}`,
  create: (what: PromptPurpose) => `new:${what}`,
  rollback: (n: number) => `rollback:${n}`,
  audit: (app: string) => `audit:${app}`,
  diff: (app: string, from: string, to: string) => `diff:${app}/${from}/${to}`,
  /** The whole vault, an app, or one of its environments. */
  log: (app?: string, env?: string) => `log:${app ?? ''}/${env ?? ''}`,
  settings: 'settings',
  members: 'members',
  lock: 'lock',
  clearMarks: 'marks:clear',
  help: 'help',
  quit: 'quit',
} as const;
