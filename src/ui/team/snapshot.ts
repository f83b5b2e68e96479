// What the UI state holds of a team console: read once when the main screen opens, and again
// whenever the console reports a change or the vault reloads.
import type { TeamState } from '../state/team-types.js';
import type { TeamConsole } from './port.js';

export function teamSnapshot(team: TeamConsole): Omit<TeamState, 'connection'> {
  return { team: team.team, member: team.member, isAdmin: team.isAdmin, locked: [...team.locked()], personal: new Map(team.personal()) };
}
