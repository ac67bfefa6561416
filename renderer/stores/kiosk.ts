/**
 * Kiosk mode (issue 10 §2b): the class laptop shows only the evaluation form until the administrator
 * types the PIN. The state lives in sessionStorage so that a reload (F5) comes back to the form
 * instead of the app; closing the window ends it (the Electron window refuses to close meanwhile).
 *
 * The PIN itself is never stored. Its salted SHA-256 hash is kept in sessionStorage: acceptable,
 * since sessionStorage belongs to this one window and dies with it, and a 4–8 digit PIN is a
 * deterrent for trainees at the laptop, not a secret against someone reading the machine's memory.
 */
import { create } from 'zustand';
import { bridge } from '../api';

const STORED = 'ledger.kiosk';
export const MAX_TRIES = 5;
export const LOCKOUT_MS = 60_000;
export const PIN_PATTERN = /^[0-9]{4,8}$/;

export interface KioskSession {
  sessionId: number;
  /** Shown at the top of the form, e.g. 第1期 企业战略. */
  sessionLabel: string;
  salt: string;
  pinHash: string;
  failures: number;
  /** Epoch ms until which exit is refused after too many wrong PINs; 0 when not locked. */
  lockedUntil: number;
}

export type ExitResult = { ok: true } | { ok: false; locked: boolean; triesLeft: number; lockedUntil: number };

interface KioskState {
  kiosk: KioskSession | null;
  start(sessionId: number, sessionLabel: string, pin: string): Promise<void>;
  exit(pin: string, now?: number): Promise<ExitResult>;
}

async function hashPin(salt: string, pin: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${salt}:${pin}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function load(): KioskSession | null {
  try {
    const raw = sessionStorage.getItem(STORED);
    const k = raw ? (JSON.parse(raw) as KioskSession) : null;
    return k && Number.isInteger(k.sessionId) && typeof k.pinHash === 'string' ? k : null;
  } catch {
    return null;
  }
}

function save(k: KioskSession | null): void {
  if (k) sessionStorage.setItem(STORED, JSON.stringify(k));
  else sessionStorage.removeItem(STORED);
}

/** Asks the Electron window (when there is one) to go full screen and refuse to close; harmless without. */
function windowKiosk(on: boolean): void {
  void bridge()
    ?.window?.setKiosk(on)
    .catch(() => undefined);
}

export const useKiosk = create<KioskState>((set, get) => ({
  kiosk: load(),
  start: async (sessionId, sessionLabel, pin) => {
    if (!PIN_PATTERN.test(pin)) throw new Error('PIN 应为 4–8 位数字');
    const salt = crypto.randomUUID();
    const kiosk: KioskSession = { sessionId, sessionLabel, salt, pinHash: await hashPin(salt, pin), failures: 0, lockedUntil: 0 };
    save(kiosk);
    set({ kiosk });
    windowKiosk(true);
  },
  exit: async (pin, now = Date.now()) => {
    const k = get().kiosk;
    if (!k) return { ok: true };
    if (k.lockedUntil > now) return { ok: false, locked: true, triesLeft: 0, lockedUntil: k.lockedUntil };
    if ((await hashPin(k.salt, pin)) === k.pinHash) {
      save(null);
      set({ kiosk: null });
      windowKiosk(false);
      return { ok: true };
    }
    // Failures restart from 0 at a lockout, so one that has run out gives a fresh set of tries.
    const failures = k.failures + 1;
    const locked = failures >= MAX_TRIES;
    const next = { ...k, failures: locked ? 0 : failures, lockedUntil: locked ? now + LOCKOUT_MS : 0 };
    save(next);
    set({ kiosk: next });
    return { ok: false, locked, triesLeft: locked ? 0 : MAX_TRIES - failures, lockedUntil: next.lockedUntil };
  },
}));

// After a reload in kiosk mode the Electron window is still in kiosk mode; say so again in case it was not.
if (useKiosk.getState().kiosk) windowKiosk(true);
