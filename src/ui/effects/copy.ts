// y / Y: the clipboard, through the guard that clears a copied value again.
import type { ClipboardGuard } from '../clipboard/guard.js';
import type { Dispatch } from '../hooks/use-ui-store.js';
import type { Effect } from '../state/actions.js';

export function runCopy(effect: Extract<Effect, { type: 'copy' }>, clipboard: ClipboardGuard, dispatch: Dispatch): void {
  const clearAfterMs = effect.secret ? effect.seconds * 1000 : undefined;
  void clipboard.copy(effect.text, { label: effect.label, ...(clearAfterMs !== undefined && { clearAfterMs }) }).then(
    ({ via }) => {
      const how = /osc/i.test(via) ? ' (through the terminal, OSC 52)' : '';
      const text = effect.secret ? `Copied ${effect.label}${how} — clears in ${effect.seconds} s` : `Copied ${effect.label}${how}.`;
      dispatch({ type: 'notice', text, tone: 'success' });
    },
    (error: unknown) => dispatch({ type: 'notice', text: `Not copied: ${error instanceof Error ? error.message : String(error)}.`, tone: 'error' }),
  );
}
