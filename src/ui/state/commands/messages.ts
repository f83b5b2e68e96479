// Status-line sentences for writes of several versions at once (rotation, copy, undo).
import type { WriteOp } from '../write-ops.js';

type SetMany = Extract<WriteOp, { kind: 'set-many' }>;

export function setManyMessage(op: SetMany): string {
  const [first] = op.writes;
  if (!first) return 'Nothing to save.';
  const single = op.writes.length === 1;
  const next = (first.expectedVersion ?? 0) + 1;
  switch (op.purpose) {
    case 'rotate':
      return single ? `Rotated ${first.key}: generated v${next}.` : `Rotated ${op.writes.length} secrets in ${first.app}/${first.env} in one commit.`;
    case 'copy':
      return `Copied ${first.key} from ${op.from ?? 'another environment'} to ${first.env} as v${next}.`;
    case 'undo': {
      const of = first.origin?.type === 'rollback' ? first.origin.of : undefined;
      return single
        ? `Undid your change to ${first.key}: v${of}'s value is now v${next} (history kept).`
        : `Undid your change to ${op.writes.length} secrets: their earlier values are new versions (history kept).`;
    }
  }
}
