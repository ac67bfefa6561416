import { create } from 'zustand';
import type { ProgrammeSummary, Settings } from '../../shared/domain/types';
import { call } from '../api';

export type ScreenKey =
  'overview' | 'plan' | 'registrations' | 'rosters' | 'attendance' | 'completion' | 'evaluation' | 'enterprises' | 'data' | 'settings';

interface AppState {
  screen: ScreenKey;
  programmes: ProgrammeSummary[];
  programmeId: number | null;
  settings: Settings | null;
  loaded: boolean;
  /** Bumped after any write, so screens showing figures reload them. */
  revision: number;
  go(screen: ScreenKey): void;
  selectProgramme(id: number): void;
  refresh(): Promise<void>;
  changed(): void;
}

const STORED_PROGRAMME = 'ledger.programmeId';

export const useApp = create<AppState>((set, get) => ({
  screen: 'overview',
  programmes: [],
  programmeId: null,
  settings: null,
  loaded: false,
  revision: 0,
  go: (screen) => set({ screen }),
  selectProgramme: (id) => {
    localStorage.setItem(STORED_PROGRAMME, String(id));
    set({ programmeId: id });
  },
  refresh: async () => {
    const [programmes, settings] = await Promise.all([call('programmes.list', {}), call('settings.get', {})]);
    const stored = Number(localStorage.getItem(STORED_PROGRAMME));
    const current = get().programmeId ?? stored;
    const programmeId = programmes.some((p) => p.id === current) ? current : (programmes[0]?.id ?? null);
    set({ programmes, settings, programmeId, loaded: true });
  },
  changed: () => {
    set((s) => ({ revision: s.revision + 1 }));
    void get().refresh();
  },
}));
