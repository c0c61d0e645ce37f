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
