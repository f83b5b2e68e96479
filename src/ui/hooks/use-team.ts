// Keeps the UI's team state current: the connection as the console reports it, and members,
// access and personal overrides re-read when the console says they changed or the vault reloads
// (a teammate's grant arrives through the same watch as their writes).
import { useEffect } from 'react';
import type { VaultSession } from '../../domain/index.js';
import { teamSnapshot } from '../team/snapshot.js';
import type { TeamConsole } from '../team/port.js';
import type { Dispatch } from './use-ui-store.js';

export function useTeam(team: TeamConsole | undefined, session: VaultSession, dispatch: Dispatch): void {
  useEffect(() => {
    if (!team) return undefined;
    const refresh = () => dispatch({ type: 'team-snapshot', team: teamSnapshot(team) });
    const offConnection = team.onConnection((connection) => dispatch({ type: 'connection', connection }));
    const offChange = team.onChange?.(refresh);
    const offSession = session.subscribe((event) => {
      if (event.type === 'reloaded') refresh();
    });
    return () => {
      offConnection();
      offChange?.();
      offSession();
    };
  }, [team, session, dispatch]);
}
