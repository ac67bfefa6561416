import { create } from 'zustand';
import type { AppErrorShape } from '../../shared/result';

/** The one place failures reach the user; ErrorCenter shows them. */
interface ErrorState {
  current: (AppErrorShape & { at: number }) | null;
  report(e: AppErrorShape): void;
  dismiss(): void;
}

export const useErrors = create<ErrorState>((set) => ({
  current: null,
  report: (e) => set({ current: { ...e, at: Date.now() } }),
  dismiss: () => set({ current: null }),
}));
