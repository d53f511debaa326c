/** 288000002 -> "288,000,002": the same in every locale, so output stays byte-identical. */
export function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
