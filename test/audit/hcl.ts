import * as hcl from 'hcl2-parser';

/** hcl2-parser returns `[result, error]`; anything but a null error means the text is not HCL2. */
export function isValidHcl(text: string): boolean {
  const [, error] = hcl.parseToObject(text) as [unknown, unknown];
  return error === null || error === undefined;
}
