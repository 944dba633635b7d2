/** E.164-looking numbers: '+', a non-zero digit, 7 to 14 more digits, and no digit right after. */
const E164 = /\+[1-9]\d{7,14}(?!\d)/g;

export function phoneNumbersIn(text: string): string[] {
  return [...text.matchAll(E164)].map((m) => m[0]);
}
