import { useEffect, useLayoutEffect, useRef } from 'react';

/** Give to the drawer or dialog so antd does not move focus itself (see useReturnFocus). */
export const NO_DELAYED_FOCUS = { focusTriggerAfterClose: false } as const;

/**
 * Where focus goes when a drawer or dialog closes, moved at once. antd moves it back to the trigger
 * only when the closing animation ends (0.3–0.5 s later on a busy machine): by then the user may be
 * typing in the search box, and Enter on the restored 导入报名表 button reopened the wizard.
 *
 * The overlay gets `focusable={NO_DELAYED_FOCUS}`; call the returned function before closing to send
 * focus somewhere better than the trigger (after an import: the search box).
 */
export function useReturnFocus(open: boolean): (next: HTMLElement | null | undefined) => void {
  const trigger = useRef<Element | null>(null);
  const next = useRef<HTMLElement | null>(null);
  // A layout effect: the overlay focuses itself in a later passive effect, so the trigger still has focus.
  useLayoutEffect(() => {
    if (open) {
      trigger.current = document.activeElement;
      next.current = null;
    }
  }, [open]);
  useEffect(() => {
    if (open || !trigger.current) return;
    const target = next.current ?? trigger.current;
    trigger.current = next.current = null;
    // Only if nobody has moved it yet: focus still inside the closing overlay, or nowhere.
    const active = document.activeElement;
    const untouched = !active || active === document.body || !!active.closest('.ant-drawer, .ant-modal-wrap');
    if (untouched && target instanceof HTMLElement && target.isConnected) target.focus({ preventScroll: true });
  }, [open]);
  return (el) => {
    next.current = el ?? null;
  };
}
