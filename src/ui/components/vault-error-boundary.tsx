// Records are read from the vault when first shown (a 10,000-secret vault opens by reading the
// few it displays), so a damaged one can be found after the main screen is up. Such an error
// (a CofferError: the record's name, what is wrong, a hint) ends at the start-up error screen
// in words, as it would have at unlock; anything else is a bug and goes on to the crash path.
import { Component } from 'react';
import type { ReactNode } from 'react';
import { CofferError } from '../../domain/index.js';

export interface VaultErrorBoundaryProps {
  onError: (error: CofferError) => void;
  children: ReactNode;
}

export class VaultErrorBoundary extends Component<VaultErrorBoundaryProps, { error?: unknown }> {
  override state: { error?: unknown } = {};

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override componentDidCatch(error: unknown): void {
    if (error instanceof CofferError) this.props.onError(error);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    if (error instanceof CofferError) return null;
    throw error;
  }
}
