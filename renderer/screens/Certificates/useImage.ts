import { useEffect, useState } from 'react';
import { call } from '../../api';

/** The chosen image as a data URL for the preview (the PDF reads the file itself). */
export function useImage(path: string | null): string | null {
  const [img, setImg] = useState<{ path: string; url: string } | null>(null);
  useEffect(() => {
    if (!path) return;
    let live = true;
    call('certificates.image', { path }).then(
      (r) => live && setImg({ path, url: r.dataUrl }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [path]);
  return path && img?.path === path ? img.url : null;
}
