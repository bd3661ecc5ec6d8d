/** Edit distance between two short strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate a mistyped value most likely meant: case and spelling variants (decentralised →
 * decentralized), a close edit, or a candidate that starts with what was typed. Undefined when nothing is close.
 */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  const value = typed.trim().toLowerCase();
  if (value === '') return undefined;
  const americanised = value.replace(/is(e|ed|ation)\b/g, 'iz$1').replace(/our\b/g, 'or');
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    if (lower === americanised) return candidate;
    const distance = editDistance(value, lower);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(value));
  if (prefixed.length === 1) return prefixed[0];
  const tolerance = Math.max(1, Math.floor(value.length / 4));
  return best && best.distance <= tolerance ? best.candidate : undefined;
}
