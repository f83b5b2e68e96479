// The four columns Apps | Environments | Secrets | Versions, each a windowed list under a title.
import { Box, Text } from 'ink';
import { memo, useMemo } from 'react';
import { currentVersion, secretId } from '../../domain/index.js';
import type { App, Environment, Secret, Version, VaultState } from '../../domain/index.js';
import { WindowedList } from '../components/windowed-list.js';
import { COLUMN_TITLES } from '../keymap/contexts.js';
import { appRow, envRow, secretRow, versionRow } from '../presenters/rows.js';
import type { Row } from '../presenters/rows.js';
import { sanitise } from '../presenters/sanitise.js';
import type { Layout } from '../state/layout.js';
import type { Derived } from '../state/selectors.js';
import { secretsOf } from '../state/selectors.js';
import { grantorsText } from '../state/team.js';
import { COLUMNS } from '../state/types.js';
import type { ColumnId, ListView, Marks, TeamState } from '../state/types.js';
import { visibleRange } from '../state/window.js';
import { theme } from '../theme.js';

interface ColumnsProps {
  vault: VaultState;
  derived: Derived;
  lists: Record<ColumnId, ListView>;
  focus: ColumnId;
  layout: Layout;
  /** Minute-resolution clock for ages and rotation markers. */
  now: number;
  /** The column whose filter is being typed, if any. */
  filtering?: ColumnId;
  /** Rows marked for rotating together. */
  marks?: Marks;
  /** Secrets (by id) someone else just changed. */
  changed?: readonly string[];
  /** A team vault's locked environments and personal overrides. */
  team?: TeamState;
}

/** What marks the rows beyond the vault itself: rotation marks, team state, recent changes. */
interface RowMarks {
  marked?: ReadonlySet<string>;
  changed?: ReadonlySet<string>;
  team?: TeamState;
}

/** `parent` is the app for Environments (secret counts) and the secret for Versions (current). */
function rowsFor(column: ColumnId, items: unknown[], vault: VaultState, parent: App | Secret | undefined, now: Date, marks: RowMarks): Row[] {
  switch (column) {
    case 'apps':
      return (items as App[]).map(appRow);
    case 'envs': {
      const app = parent as App | undefined;
      const locked = (env: Environment) => !!app && !!marks.team?.locked.some((l) => l.app === app.name && l.env === env.name);
      return (items as Environment[]).map((env) => envRow(env, app ? secretsOf(vault, app.name, env.name).length : 0, locked(env)));
    }
    case 'secrets':
      return (items as Secret[]).map((secret) => {
        const id = secretId(secret.app, secret.env, secret.key);
        return secretRow(secret, now, {
          marked: marks.marked?.has(secret.key) ?? false,
          personal: marks.team?.personal.has(id) ?? false,
          changed: marks.changed?.has(id) ?? false,
        });
      });
    case 'versions': {
      const current = parent ? currentVersion(parent as Secret)?.n : undefined;
      return (items as Version[]).map((version) => versionRow(version, version.n === current, now));
    }
  }
}

function parentOf(column: ColumnId, derived: Derived): App | Secret | undefined {
  return column === 'envs' ? derived.app : column === 'versions' ? derived.secret : undefined;
}

function itemsOf(derived: Derived, column: ColumnId): unknown[] {
  return { apps: derived.apps, envs: derived.envs, secrets: derived.secrets, versions: derived.versions }[column];
}

const NO_MARKS: RowMarks = {};

function lockedIn(team: TeamState | undefined, derived: Derived) {
  const app = derived.app?.name;
  const env = derived.env?.name;
  return team?.locked.find((l) => l.app === app && l.env === env);
}

const EMPTY: Record<ColumnId, string> = {
  apps: 'no apps: n adds one',
  envs: 'no environments: n adds one',
  secrets: 'no secrets: n adds one',
  versions: '—',
};

const SHORT_TITLES: Record<ColumnId, string> = { apps: 'Apps', envs: 'Envs', secrets: 'Secrets', versions: 'Vers' };

function titleOf(column: ColumnId, view: ListView, length: number, index: number, width: number, marked: number): string {
  const position = `${length ? `${Math.min(view.cursor + 1, length)}/${length}` : '0'}${marked ? ` ${marked}●` : ''}`;
  const filter = view.filter ? ` /${sanitise(view.filter)}` : '';
  const long = `${index + 1} ${COLUMN_TITLES[column]} ${position}${filter}`;
  return long.length <= width ? long : `${index + 1} ${SHORT_TITLES[column]} ${position}${filter}`;
}

const Column = memo(function Column(props: {
  column: ColumnId;
  index: number;
  items: unknown[];
  view: ListView;
  focused: boolean;
  filtering: boolean;
  width: number;
  height: number;
  vault: VaultState;
  parent: App | Secret | undefined;
  now: number;
  last: boolean;
  marks: RowMarks;
  /** What an empty list says instead of the usual (a locked environment says who can grant it). */
  empty?: string;
}) {
  const { column, index, items, view, focused, filtering, width, height, vault, parent, now, last, marks, empty } = props;
  const { from, to } = visibleRange(view, items.length, height);
  const visible = useMemo(
    () => rowsFor(column, items.slice(from, to), vault, parent, new Date(now), marks),
    [column, items, from, to, vault, parent, now, marks],
  );
  const marked = marks.marked;
  const innerWidth = width - (last ? 0 : 1);
  return (
    <Box
      flexDirection="column"
      width={width}
      borderStyle="single"
      borderColor={focused ? theme.accent : theme.border}
      borderTop={false}
      borderBottom={false}
      borderLeft={false}
      borderRight={!last}
    >
      <Box paddingRight={1} width={innerWidth}>
        <Text wrap="truncate-end" bold={focused} color={focused ? theme.accent : theme.muted} underline={filtering}>
          {focused ? '▸' : ' '}
          {titleOf(column, view, items.length, index, innerWidth - 2, marked?.size ?? 0)}
        </Text>
      </Box>
      <WindowedList
        rows={visible}
        cursor={view.cursor - from}
        focused={focused}
        width={innerWidth}
        height={height}
        empty={view.filter ? `nothing matches /${sanitise(view.filter)}` : (empty ?? EMPTY[column])}
      />
    </Box>
  );
});

export function Columns({ vault, derived, lists, focus, layout, now, filtering, marks, changed, team }: ColumnsProps) {
  const here = marks && derived.app?.name === marks.app && derived.env?.name === marks.env ? marks.keys : undefined;
  const marked = useMemo(() => (here ? new Set(here) : undefined), [here]);
  const changedSet = useMemo(() => (changed ? new Set(changed) : undefined), [changed]);
  const secretMarks = useMemo<RowMarks>(
    () => ({ ...(marked && { marked }), ...(changedSet && { changed: changedSet }), ...(team && { team }) }),
    [marked, changedSet, team],
  );
  const envMarks = useMemo<RowMarks>(() => (team ? { team } : {}), [team]);
  const locked = lockedIn(team, derived);
  return (
    <Box flexDirection="row">
      {COLUMNS.map((column, index) => (
        <Column
          key={column}
          column={column}
          index={index}
          items={itemsOf(derived, column)}
          view={lists[column]}
          focused={focus === column}
          filtering={filtering === column}
          width={layout.columnWidths[column]}
          height={layout.listRows}
          vault={vault}
          parent={parentOf(column, derived)}
          now={now}
          last={index === COLUMNS.length - 1}
          marks={column === 'secrets' ? secretMarks : column === 'envs' ? envMarks : NO_MARKS}
          {...(column === 'secrets' && locked && { empty: locked.grantors.length ? `locked: ask ${locked.grantors.join(', ')}` : `locked: ${grantorsText(locked)}` })}
        />
      ))}
    </Box>
  );
}
