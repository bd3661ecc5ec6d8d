/**
 * One word for a POSIX shell (sh, bash, zsh), whatever the value holds: `$(…)`, backticks, quotes,
 * spaces, newlines and globs stay literal. Plain words stay bare for readability; anything else goes
 * in single quotes, the one quoting in which the shell interprets nothing, with each `'` written as
 * `'\''`. A shell argument cannot hold NUL, so a value with one is refused.
 */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellArg(value: string): string {
  if (value.includes('\0')) throw new RangeError('a shell argument cannot contain NUL');
  if (PLAIN_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
