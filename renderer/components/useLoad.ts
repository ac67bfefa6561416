import { useEffect, useState } from 'react';
import { useApp } from '../stores/app';

/**
 * Loads data for a screen and reloads it after any write (the store's revision). `load` returning
 * null means there is nothing to load yet (no programme chosen).
 */
export function useLoad<T>(load: () => Promise<T> | null, deps: unknown[]): { data: T | null; loading: boolean } {
  const revision = useApp((s) => s.revision);
  const key = JSON.stringify([...deps, revision]);
  const [state, setState] = useState<{ key: string; data: T | null }>({ key: '', data: null });
  useEffect(() => {
    let live = true;
    const settle = (data: T | null | undefined) => live && setState((s) => ({ key, data: data === undefined ? s.data : data }));
    const p = load();
    if (p) p.then(settle, () => settle(undefined));
    else queueMicrotask(() => settle(null));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return { data: state.data, loading: state.key !== key };
}
