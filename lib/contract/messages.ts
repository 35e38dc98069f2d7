/** A reason in both languages; every rejection a person reads carries one. */
export interface Bilingual {
  zh: string;
  en: string;
}

const SEP = '\u241E';

/** zod carries one message string per issue; the two languages travel joined and are split at the edge. */
export function encodeMessage(zh: string, en: string): string {
  return `${zh}${SEP}${en}`;
}

export function decodeMessage(message: string): Bilingual {
  const at = message.indexOf(SEP);
  if (at < 0) return { zh: message, en: message };
  return { zh: message.slice(0, at), en: message.slice(at + SEP.length) };
}
