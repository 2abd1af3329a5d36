// Turns text plus highlight spans ([begin, end) in UTF-16 units, as the API
// sends them) into safe DOM: text nodes and <mark> elements only.
export type Span = [number, number];

export interface Segment {
  text: string;
  hit: boolean;
}

// Sorts, clamps and merges spans; never throws on bad input.
export function segments(text: string, spans: readonly Span[] | undefined): Segment[] {
  const clean = (spans ?? [])
    .filter((s) => Array.isArray(s) && s.length === 2 && Number.isFinite(s[0]) && Number.isFinite(s[1]))
    .map(([b, e]) => [Math.max(0, Math.min(b, text.length)), Math.max(0, Math.min(e, text.length))] as Span)
    .filter(([b, e]) => b < e)
    .sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  for (const s of clean) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  const out: Segment[] = [];
  let at = 0;
  for (const [b, e] of merged) {
    if (b > at) out.push({ text: text.slice(at, b), hit: false });
    out.push({ text: text.slice(b, e), hit: true });
    at = e;
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false });
  return out;
}

export function highlighted(text: string, spans: readonly Span[] | undefined): DocumentFragment {
  const frag = document.createDocumentFragment();
  for (const seg of segments(text, spans)) {
    if (seg.hit) {
      const m = document.createElement('mark');
      m.textContent = seg.text;
      frag.appendChild(m);
    } else {
      frag.appendChild(document.createTextNode(seg.text));
    }
  }
  return frag;
}
