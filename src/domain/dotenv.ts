// .env files in and out. The parser accepts what operators' files contain in practice (comments,
// `export ` prefixes, single and double quotes, escapes, multi-line quoted values); the
// formatters quote so that every value round-trips exactly through the parser and, for the
// shell format, through a POSIX shell.
import { InvalidInputError } from './errors.js';
import { isValidKeyName } from './names.js';

export interface DotenvEntry {
  key: string;
  value: string;
  line: number;
}

export interface DotenvParseResult {
  entries: DotenvEntry[];
  /** Keys defined more than once (the last definition wins, as in shells). */
  duplicates: string[];
}

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$', '`': '`' };

export function parseDotenv(text: string): DotenvParseResult {
  const entries = new Map<string, DotenvEntry>();
  const duplicates = new Set<string>();
  const src = text.replace(/^\uFEFF/, '');
  let i = 0;
  let line = 1;
  const fail = (message: string, at = line): never => {
    throw new InvalidInputError(`line ${at}: ${message}`);
  };

  while (i < src.length) {
    // skip blank space and comment lines
    const lineEnd = src.indexOf('\n', i) === -1 ? src.length : src.indexOf('\n', i);
    const raw = src.slice(i, lineEnd);
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i = lineEnd + 1;
      line++;
      continue;
    }
    const startLine = line;
    const match = /^\s*(?:export\s+)?([^=\s]+)\s*=\s?/.exec(raw);
    // Errors name the line, never quote it: a malformed line is often a value in another syntax
    // (`DATABASE_URL: postgres://user:password@…`).
    if (!match) fail('expected KEY=value');
    const key = match![1]!;
    if (!isValidKeyName(key)) {
      const nameLike = /^[A-Za-z0-9_.-]{1,64}$/.test(key);
      fail(`${nameLike ? JSON.stringify(key) : 'the text before ='} is not a valid key name (uppercase letters, digits, _)`);
    }
    i += match![0].length;
    // spaces between = and the value are not part of it
    while (src[i] === ' ' || src[i] === '\t') i++;

    let value: string;
    const quote = src[i];
    if (quote === "'" || quote === '"') {
      value = '';
      // Adjacent quoted segments concatenate, as in a shell: 'it'\''s' is "it's". This lets
      // files written with `export --format shell` come back in through import.
      for (;;) {
        const segmentQuote = src[i];
        if (segmentQuote === '\\' && i + 1 < src.length && src[i + 1] !== '\n') {
          value += src[i + 1];
          i += 2;
          continue;
        }
        if (segmentQuote !== "'" && segmentQuote !== '"') break;
        i++;
        for (;;) {
          if (i >= src.length) fail(`unterminated ${segmentQuote === '"' ? 'double' : 'single'} quote for ${key}`, startLine);
          const ch = src[i]!;
          if (ch === segmentQuote) {
            i++;
            break;
          }
          if (ch === '\n') line++;
          if (segmentQuote === '"' && ch === '\\' && i + 1 < src.length) {
            const next = src[i + 1]!;
            if (next in DOUBLE_QUOTE_ESCAPES) {
              value += DOUBLE_QUOTE_ESCAPES[next];
              i += 2;
              continue;
            }
          }
          value += ch;
          i++;
        }
      }
      // after the closing quote only spaces and a comment may follow
      const restEnd = src.indexOf('\n', i) === -1 ? src.length : src.indexOf('\n', i);
      const rest = src.slice(i, restEnd).trim();
      if (rest !== '' && !rest.startsWith('#')) fail(`unexpected text after the quoted value of ${key}`);
      i = restEnd + 1;
      line++;
    } else {
      const end = src.indexOf('\n', i) === -1 ? src.length : src.indexOf('\n', i);
      value = src.slice(i, end).replace(/\r$/, '');
      const comment = /\s+#/.exec(value);
      if (comment) value = value.slice(0, comment.index);
      value = value.trim();
      i = end + 1;
      line++;
    }
    if (entries.has(key)) {
      duplicates.add(key);
      entries.delete(key);
    }
    entries.set(key, { key, value, line: startLine });
  }
  return { entries: [...entries.values()], duplicates: [...duplicates] };
}

export type ExportFormat = 'dotenv' | 'json' | 'shell';

function assertNoNul(key: string, value: string): void {
  if (value.includes('\0')) {
    throw new InvalidInputError(`${key} contains a NUL byte, which environment variables and shells cannot hold.`, 'Use --format json.');
  }
}

/** Double-quoted, with every character the parser treats specially escaped. */
export function quoteDotenv(value: string): string {
  return `"${value.replace(/[\\"$`\n\r\t]/g, (ch) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[ch] ?? `\\${ch}`)}"`;
}

/** POSIX single quotes: everything literal; a quote is closed, escaped and reopened. */
export function quoteShell(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function formatEnvironment(entries: readonly { key: string; value: string }[], format: ExportFormat): string {
  if (format === 'json') {
    const object: Record<string, string> = {};
    for (const { key, value } of entries) object[key] = value;
    return `${JSON.stringify(object, null, 2)}\n`;
  }
  return entries
    .map(({ key, value }) => {
      assertNoNul(key, value);
      return format === 'shell' ? `export ${key}=${quoteShell(value)}\n` : `${key}=${quoteDotenv(value)}\n`;
    })
    .join('');
}
