/** Months as integers (year·12 + month−1) so that period arithmetic is subtraction. */
export function periodToMonth(period: string): number {
  return Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;
}

export function monthToPeriod(month: number): string {
  return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** Every month from the first to the last, inclusive. */
export function periodRange(first: string, last: string): string[] {
  const out: string[] = [];
  for (let m = periodToMonth(first); m <= periodToMonth(last); m++) out.push(monthToPeriod(m));
  return out;
}
