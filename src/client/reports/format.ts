// Number formatting shared by the document renderers (decimal comma in German).
export function decimal(n: number, lang: string): string {
  return lang === 'de' ? String(n).replace('.', ',') : String(n);
}
