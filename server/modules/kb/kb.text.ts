// Pure text rules of the knowledge base: Markdown taken down to plain text for fragments, and the
// matched words marked as ranges. The words that matched come from the database (the same folding
// and stemming as the search), so here a word is only compared after the same folding.
import type { KbFragment, KbRange } from '../../../contracts/kb.js';

const FRAGMENT = 220;
const LEAD = 60;

/** Markdown syntax off, text kept: what a reader sees of the article, on one line per block. */
export function markdownToPlain(md: string): string {
  return md
    .replace(/```[^\n]*\n?/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>\n]*>/g, ' ')
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, '')
    .replace(/^\s*([-*_]\s*){3,}$/gm, '')
    .replace(/(\*\*|__|~~|`|\*|_)(?=\S)([^*_~`\n]+?)\1/g, '$2')
    .replace(/\|/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/** The folding of orbita_fold for one word: lower case, ё as е, ѝ as и. */
export function foldWord(w: string): string {
  return w.toLowerCase().replace(/ё/g, 'е').replace(/ѝ/g, 'и');
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Ranges of the words of `text` whose folded form is one of `hits`. */
export function highlightsIn(text: string, hits: ReadonlySet<string>): KbRange[] {
  if (!hits.size) return [];
  const out: KbRange[] = [];
  for (const m of text.matchAll(WORD)) {
    if (hits.has(foldWord(m[0]))) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * The part of a long text around its densest cluster of matched words, cut at word boundaries,
 * with an ellipsis where text was left out; the ranges are shifted into the fragment.
 */
export function fragmentOf(text: string, hits: ReadonlySet<string>, size = FRAGMENT): KbFragment {
  const all = highlightsIn(text, hits);
  if (text.length <= size) return { text, highlights: all };
  let from = 0;
  if (all.length) {
    let best = 0;
    let bestCount = 0;
    for (let i = 0, j = 0; i < all.length; i++) {
      while (j < all.length && all[j].end - all[i].start <= size - LEAD) j++;
      if (j - i > bestCount) {
        bestCount = j - i;
        best = i;
      }
    }
    from = Math.max(0, all[best].start - LEAD);
  }
  let to = Math.min(text.length, from + size);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space >= 0 && space < (all.find((r) => r.start >= from)?.start ?? to)) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > from) to = space;
  }
  const lead = from > 0 ? '…' : '';
  const tail = to < text.length ? '…' : '';
  const shift = lead.length - from;
  return {
    text: lead + text.slice(from, to).replace(/\n/g, ' ') + tail,
    highlights: all.filter((r) => r.start >= from && r.end <= to).map((r) => ({ start: r.start + shift, end: r.end + shift })),
  };
}
