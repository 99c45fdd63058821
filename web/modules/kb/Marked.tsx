import { Fragment } from 'react';
import type { KbFragment } from './kb.api';

/**
 * A search fragment: plain text with the ranges that matched wrapped in <mark>. The ranges come in
 * UTF-16 code units, as JavaScript slices strings; out-of-order or overlapping ones are clamped.
 */
export function Marked({ fragment }: { fragment: KbFragment }) {
  const { text, highlights } = fragment;
  const parts: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const r of [...highlights].sort((a, b) => a.start - b.start)) {
    const start = Math.max(at, Math.min(r.start, text.length));
    const end = Math.max(start, Math.min(r.end, text.length));
    if (start > at) parts.push({ text: text.slice(at, start), marked: false });
    if (end > start) parts.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false });
  return (
    <>
      {parts.map((p, i) =>
        p.marked ? (
          <mark key={i} data-testid="kb-mark">
            {p.text}
          </mark>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}
