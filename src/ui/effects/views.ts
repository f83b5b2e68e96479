// Data for the rotation preview and the audit views, computed outside the reducer: generated
// values need randomness, the audit and diff need the session's keyed fingerprints, and the
// history reads the repository's audit log and checks its hash chain.
import { auditApp, diffEnvironments, generateValue } from '../../domain/index.js';
import type { VaultSession } from '../../domain/index.js';
import type { Clock } from '../clock.js';
import type { Dispatch } from '../hooks/use-ui-store.js';
import type { UiServices } from '../services.js';
import type { Effect } from '../state/actions.js';
import { DeadlineError, withDeadline } from './deadline.js';

type Of<T extends Effect['type']> = Extract<Effect, { type: T }>;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function runGenerate(effect: Of<'generate'>, services: UiServices, dispatch: Dispatch): void {
  const words = effect.spec.preset === 'words' ? services.loadWordlist() : Promise.resolve([]);
  void words.then(
    (wordlist) => {
      const values = Array.from({ length: effect.count }, () => generateValue(effect.spec, services.random, wordlist));
      dispatch({ type: 'generated', token: effect.token, values });
    },
    (error: unknown) => dispatch({ type: 'notice', text: `Could not generate: ${message(error)}`, tone: 'error' }),
  );
}

export function runAnalyse(effect: Of<'analyse'>, session: VaultSession, clock: Clock, dispatch: Dispatch): void {
  const { analysis, token } = effect;
  const fingerprint = (value: string) => session.fingerprint(value);
  try {
    const report = auditApp(session.state, analysis.app, { now: new Date(clock.now()), fingerprint });
    if (analysis.kind === 'audit') {
      dispatch({ type: 'analysed', token, result: { kind: 'audit', report } });
    } else {
      const diff = diffEnvironments(session.state, analysis.app, analysis.from, analysis.to, fingerprint);
      dispatch({ type: 'analysed', token, result: { kind: 'diff', diff, report } });
    }
  } catch (error) {
    dispatch({ type: 'view-failed', token, message: message(error) });
  }
}

/** Reading a team vault's log is a round of network calls: bounded like every other call. */
export const LOG_READ_MS = 30_000;

export function runLoadLog(effect: Of<'load-log'>, session: VaultSession, clock: Clock, dispatch: Dispatch): void {
  const { repository } = session;
  const { scope, token } = effect;
  const query = { ...(scope.app !== undefined && { app: scope.app }), ...(scope.env !== undefined && { env: scope.env }) };
  const reading = Promise.all([repository.readAudit(query), repository.verifyAudit()]);
  void withDeadline(reading, LOG_READ_MS, clock, 'Reading the audit log').then(
    ([entries, chain]) => dispatch({ type: 'log-loaded', token, entries, chain }),
    (error: unknown) =>
      dispatch({ type: 'view-failed', token, message: error instanceof DeadlineError ? error.message : `Could not read the audit log: ${message(error)}` }),
  );
}
