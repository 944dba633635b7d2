/**
 * A small ICU MessageFormat subset, enough for the page's own strings and a few hundred bytes
 * instead of a library: `{name}`, `{n, number}`, `{n, plural, =0 {…} one {…} other {…}}` with `#`,
 * `{n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}` (ordinal rules: 1st, 2nd), and
 * `{key, select, a {…} other {…}}`, nested at will. Apostrophes are plain text (no ICU quoting),
 * so translators can write them freely.
 */
export type Args = Record<string, string | number>;

export class PatternError extends Error {
  override name = 'PatternError';
}

export function format(locale: string, pattern: string, args: Args = {}): string {
  let at = 0;
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  const fail = (why: string): never => {
    throw new PatternError(`${why} at ${at} in "${pattern}"`);
  };

  /** Text up to the closing brace of the enclosing branch (or the end); `#` is the plural's number. */
  function text(hash: number | null): string {
    let out = '';
    while (at < pattern.length && pattern[at] !== '}') {
      const c = pattern[at++]!;
      if (c === '{') out += argument(hash);
      else if (c === '#' && hash !== null) out += number(hash);
      else out += c;
    }
    return out;
  }

  function word(): string {
    const match = /^\s*([^\s,{}]+)\s*/.exec(pattern.slice(at));
    if (!match) return fail('expected a name');
    at += match[0].length;
    return match[1]!;
  }

  function expect(c: string): void {
    if (pattern[at] !== c) fail(`expected "${c}"`);
    at++;
  }

  function argument(hash: number | null): string {
    const name = word();
    if (!(name in args)) fail(`no value for "${name}"`);
    const value = args[name]!;
    if (pattern[at] === '}') {
      at++;
      return typeof value === 'number' ? number(value) : value;
    }
    expect(',');
    const type = word();
    if (type === 'number' && pattern[at] === '}') {
      at++;
      return number(Number(value));
    }
    if (type !== 'plural' && type !== 'selectordinal' && type !== 'select') fail(`unknown type "${type}"`);
    expect(',');
    // Every branch is read (to move past it); the chosen one is kept.
    const branches: Record<string, string> = {};
    const n = Number(value);
    while (pattern[at] !== '}') {
      const key = word();
      expect('{');
      branches[key] = text(type === 'select' ? hash : n);
      expect('}');
      at += /^\s*/.exec(pattern.slice(at))![0].length;
      if (at >= pattern.length) fail('unclosed argument');
    }
    at++;
    if (!('other' in branches)) fail('no "other" branch');
    const chosen = type === 'select' ? branches[String(value)] : (branches['=' + n] ?? branches[pluralCategory(locale, n, type === 'selectordinal' ? 'ordinal' : 'cardinal')]);
    return chosen ?? branches.other!;
  }

  const out = text(null);
  if (at < pattern.length) fail('unexpected "}"');
  return out;
}

function pluralCategory(locale: string, n: number, type: Intl.PluralRuleType): string {
  // Intl.PluralRules is in every browser since 2019; without it, "other" still reads acceptably.
  return typeof Intl.PluralRules === 'function' ? new Intl.PluralRules(locale, { type }).select(n) : 'other';
}
