/** Words too common to say two titles are about the same thing. */
const STOP = new Set(
  'a an and the of to for in on at is are be not no with by from or via về của và cho các những là được không chưa với trong trên tại'.split(
    ' ',
  ),
);

/** Lower case without accents (đ -> d) and with single spaces: "Bộ Tài chính" -> "bo tai chinh". */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower-case word set without accents or stop words, so "Cổng thanh toán" matches "cong thanh toan". */
export function titleWords(title: string): Set<string> {
  const plain = foldText(title);
  return new Set(plain.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1 && !STOP.has(w)));
}

/** Jaccard similarity of the two titles' word sets, 0..1. */
export function titleSimilarity(a: string, b: string): number {
  const wa = titleWords(a);
  const wb = titleWords(b);
  if (wa.size === 0 || wb.size === 0) return 0;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return common / (wa.size + wb.size - common);
}

/** Two titles likely name the same problem: half their words shared, or one's words all in the other. */
export function likelySame(a: string, b: string): boolean {
  const wa = titleWords(a);
  const wb = titleWords(b);
  if (wa.size === 0 || wb.size === 0) return false;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  const contained = common === Math.min(wa.size, wb.size) && common >= 2;
  return contained || common / (wa.size + wb.size - common) >= 0.5;
}

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions, swaps of two
 * neighbours), giving up above `max` (then `max + 1`). Short words only: O(len² ).
 */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length > 64 || b.length > 64) return a === b ? 0 : max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const prev = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (rows[i - 2]?.[j - 2] as number) + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return Math.min(rows[a.length]?.[b.length] ?? max + 1, max + 1);
}

/** How far a typed word may be from a known one and still be taken for it: 1 edit up to 4 letters, 2 up to 8, then 3. */
export const typoBudget = (word: string): number => (word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3);

/**
 * The known word nearest to `typed` (accents and case ignored) when it is within the typo budget,
 * for "did you mean …?". Ties go to the first in `known`.
 */
export function nearest(typed: string, known: readonly string[]): string | undefined {
  const t = foldText(typed);
  if (t.length < 2) return undefined;
  let best: string | undefined;
  let bestD = typoBudget(t) + 1;
  for (const k of known) {
    const d = editDistance(t, foldText(k), bestD);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/** What a unit needs for {@link matchUnit}. */
export interface NamedUnit {
  code: string;
  name: string;
  nameVi: string | null;
}

/**
 * The unit a person named: by code, or by its English or Vietnamese name, case and accents
 * optional (`Bo Tai chinh`). Several units fitting is `several`; none gives the nearest code or
 * name for "did you mean".
 */
export function matchUnit<U extends NamedUnit>(
  units: readonly U[],
  typed: string,
): { unit: U } | { several: U[] } | { none: true; suggestion?: string } {
  const t = foldText(typed);
  const byCode = units.find((u) => u.code.toLowerCase() === t);
  if (byCode) return { unit: byCode };
  const exact = units.filter(
    (u) => foldText(u.name) === t || (u.nameVi !== null && foldText(u.nameVi) === t),
  );
  if (exact.length === 1 && exact[0]) return { unit: exact[0] };
  if (exact.length > 1) return { several: exact };
  // A part of a name (`Tài chính`) that fits one unit only.
  const partial =
    t.length >= 4
      ? units.filter(
          (u) => foldText(u.name).includes(t) || (u.nameVi !== null && foldText(u.nameVi).includes(t)),
        )
      : [];
  if (partial.length === 1 && partial[0]) return { unit: partial[0] };
  if (partial.length > 1) return { several: partial };
  const suggestion = nearest(
    typed,
    units.flatMap((u) => [u.code, u.name, ...(u.nameVi ? [u.nameVi] : [])]),
  );
  return suggestion ? { none: true, suggestion } : { none: true };
}
