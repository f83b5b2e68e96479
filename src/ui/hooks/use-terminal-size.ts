// The terminal's size, following resizes. Tests pass a fixed size (ink-testing-library's stdout
// has 100 columns and no rows).
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';
import type { Viewport } from '../state/types.js';

export function useTerminalSize(fixed?: Viewport): Viewport {
  const { stdout } = useStdout();
  const read = (): Viewport => fixed ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
    // read() depends only on stdout and fixed
  }, [stdout, fixed]);
  return fixed ?? size;
}
