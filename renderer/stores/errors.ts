import { create } from 'zustand';
import type { AppErrorShape } from '../../shared/result';

export type ReportedError = AppErrorShape & { id: number; at: number };

/** The one place failures reach the user: ErrorCenter pops the newest up briefly and keeps them all listed. */
interface ErrorState {
  current: ReportedError | null;
  /** Newest first, this session only; the notice closes by itself, the list keeps what it said. */
  history: ReportedError[];
  unseen: number;
  report(e: AppErrorShape): void;
  dismiss(): void;
  markSeen(): void;
  clear(): void;
}

const KEEP = 50;
let nextId = 1;

export const useErrors = create<ErrorState>((set) => ({
  current: null,
  history: [],
  unseen: 0,
  report: (e) => {
    const entry = { ...e, id: nextId++, at: Date.now() };
    set((s) => ({ current: entry, history: [entry, ...s.history].slice(0, KEEP), unseen: s.unseen + 1 }));
  },
  dismiss: () => set({ current: null }),
  markSeen: () => set({ unseen: 0 }),
  clear: () => set({ current: null, history: [], unseen: 0 }),
}));
