import { createContext } from 'preact';

/** What a timeseries panel calls with a time range dragged across it (epoch seconds). */
export const ZoomContext = createContext<((start: number, end: number) => void) | null>(null);
