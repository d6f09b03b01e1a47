import { useState } from 'preact/hooks';

/** Which rows of a list are open, by key, and a toggle for one: the log lists' expand state. */
export function useOpenSet(): [ReadonlySet<string>, (key: string) => void] {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) => {
    const next = new Set(open);
    if (!next.delete(key)) next.add(key);
    setOpen(next);
  };
  return [open, toggle];
}
