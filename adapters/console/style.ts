/**
 * Terminal styling. Piped output gets plain text so a transcript or a log reads cleanly; only an
 * interactive terminal gets ANSI colours.
 */
export interface Style {
  title(text: string): string;
  dim(text: string): string;
  error(text: string): string;
  good(text: string): string;
  warn(text: string): string;
}

const ansi = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;

const PLAIN: Style = {
  title: (text) => text,
  dim: (text) => text,
  error: (text) => text,
  good: (text) => text,
  warn: (text) => text,
};

const COLOURED: Style = {
  title: ansi(1),
  dim: ansi(2),
  error: ansi(31),
  good: ansi(32),
  warn: ansi(33),
};

export function styleFor(interactive: boolean): Style {
  return interactive ? COLOURED : PLAIN;
}
