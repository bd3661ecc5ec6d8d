/**
 * The identifier keyplan derives from a display name, for aliases and resource names: lower case,
 * `[a-z0-9_-]`, accents dropped, `&` and `+` spelled out, every other run of characters one hyphen.
 * `Billing Service V2` → `billing-service-v2`, `Invoices & Receipts` → `invoices-and-receipts`.
 */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\+/g, ' plus ')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
}
