import { isUnsafeCodePoint } from '../../src/core/text/terminal-text.js';

/** The characters of `text` a terminal would act on (line feeds and tabs excepted), as U+XXXX. */
export function terminalControls(text: string): string[] {
  return [...text]
    .map((char) => char.codePointAt(0) as number)
    .filter((cp) => cp !== 0x0a && cp !== 0x09 && isUnsafeCodePoint(cp))
    .map((cp) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
}
