/**
 * Drops blank rows from the form's lists (an "add phone" row left empty) before sending, and maps
 * the API's error paths (`phones.1.number`) back to the rows the user sees (`phones.3.number`).
 */
export function compactLists<V extends Record<string, unknown>>(values: V, lists: Partial<Record<keyof V & string, string>>) {
  const kept: Record<string, number[]> = {};
  const out: Record<string, unknown> = { ...values };
  for (const [field, mainKey] of Object.entries(lists) as [string, string][]) {
    const items = (values[field] as Record<string, unknown>[] | undefined) ?? [];
    const idx: number[] = [];
    items.forEach((item, i) => {
      const main = item[mainKey];
      if (typeof main === 'string' ? main.trim() !== '' : main !== null && main !== undefined) idx.push(i);
    });
    kept[field] = idx;
    out[field] = idx.map((i) => items[i]);
  }
  const remap = (path: string) => {
    const [field, index, ...rest] = path.split('.');
    const map = kept[field];
    if (!map || index === undefined || !/^\d+$/.test(index)) return path;
    const original = map[Number(index)];
    return original === undefined ? path : [field, String(original), ...rest].join('.');
  };
  return { values: out as V, remap };
}
