/** 管理员退出: the only way out of the kiosk, behind the PIN; five wrong PINs lock it for a minute. */
import { Alert, Button, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useApp } from '../../stores/app';
import { LOCKOUT_MS, useKiosk } from '../../stores/kiosk';

/** Seconds left of a lockout, ticking while shown (a UI timer only: the store holds the deadline). */
function useSecondsLeft(until: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= Date.now()) return;
    const tick = () => {
      setNow(Date.now());
      if (Date.now() >= until) clearInterval(t);
    };
    const first = setTimeout(tick, 0);
    const t = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, [until]);
  return Math.max(0, Math.ceil((until - now) / 1000));
}

export function KioskExit() {
  const lockedUntil = useKiosk((s) => s.kiosk?.lockedUntil ?? 0);
  const exit = useKiosk((s) => s.exit);
  const [open, setOpen] = useState(false);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const secondsLeft = useSecondsLeft(lockedUntil);
  const locked = secondsLeft > 0;

  const close = () => {
    setOpen(false);
    setPin('');
    setError(null);
  };
  const check = async () => {
    if (locked || checking) return;
    setChecking(true);
    try {
      const r = await exit(pin);
      if (r.ok) {
        // Back in the app: screens reload what the kiosk added.
        useApp.getState().changed();
        return;
      }
      setPin('');
      setError(r.locked ? `PIN 错误次数过多，请 ${LOCKOUT_MS / 1000} 秒后再试。` : `PIN 不正确，还可尝试 ${r.triesLeft} 次。`);
    } finally {
      setChecking(false);
    }
  };

  return (
    <>
      <Button type="link" size="small" className="kiosk-exit" onClick={() => setOpen(true)}>
        管理员退出
      </Button>
      <Modal
        open={open}
        title="管理员退出自助模式"
        okText="退出自助模式"
        cancelText="取消"
        okButtonProps={{ disabled: locked || !pin, loading: checking }}
        onOk={() => void check()}
        onCancel={close}
        destroyOnHidden
      >
        <p>请输入开始自助填写时设置的管理员 PIN。</p>
        <Input.Password
          aria-label="管理员 PIN"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          autoFocus
          disabled={locked}
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
          onPressEnter={() => void check()}
        />
        {locked ? (
          <Alert style={{ marginTop: 12 }} type="error" showIcon title={`PIN 错误次数过多，已锁定：请 ${secondsLeft} 秒后再试。`} />
        ) : (
          error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} />
        )}
      </Modal>
    </>
  );
}
