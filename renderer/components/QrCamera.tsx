/**
 * A QR code read by the laptop's camera: jsQR (pure JavaScript, bundled, offline; Chromium on Linux
 * and Windows has no BarcodeDetector) decodes frames drawn into a hidden canvas. The camera is asked
 * for only when this mounts and released when it unmounts. One component for check-in (every badge,
 * the same one ignored for a few seconds) and 证书核验 (the first certificate statement).
 */
import { Alert, Button, Card } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { decodeFrame } from './qrDecode';

const FRAME_MS = 150;

/** Draws the video's current frame into the canvas (scaled down: decoding is faster) and decodes it. */
function decodeVideo(video: HTMLVideoElement, canvas: HTMLCanvasElement, maxWidth: number): string | null {
  if (!video.videoWidth || !video.videoHeight) return null;
  const scale = Math.min(1, maxWidth / video.videoWidth);
  canvas.width = Math.round(video.videoWidth * scale);
  canvas.height = Math.round(video.videoHeight * scale);
  const g = canvas.getContext('2d', { willReadFrequently: true });
  if (!g) return null;
  g.drawImage(video, 0, 0, canvas.width, canvas.height);
  return decodeFrame(g.getImageData(0, 0, canvas.width, canvas.height));
}

export interface QrCameraProps {
  title: string;
  testId: string;
  /** Said after 「没有找到摄像头」 or a refused camera: what to do instead. */
  otherwise: string;
  onCode: (text: string) => void;
  onClose: () => void;
  /** Codes that are not for this screen are passed over; the default takes every code. */
  accept?: (text: string) => boolean;
  /** Stop after the first accepted code (证书核验), or keep scanning (check-in). */
  once?: boolean;
  /** The same code seen again within this many ms is ignored (the badge is still in front of the camera). */
  repeatAfterMs?: number;
  /** A selfie view reads more naturally at the classroom door. */
  mirrored?: boolean;
  maxWidth?: number;
  style?: React.CSSProperties;
}

export function QrCamera(p: QrCameraProps) {
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(p);
  useEffect(() => {
    latest.current = p;
  });
  const { otherwise, maxWidth = 640, mirrored = false } = p;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer = 0;
    let stopped = false;
    let last = { text: '', at: 0 };
    const tick = () => {
      if (stopped) return;
      const { accept, once, repeatAfterMs = 3000, onCode } = latest.current;
      const v = video.current;
      const c = canvas.current;
      const text = v && c ? decodeVideo(v, c, maxWidth) : null;
      const now = Date.now();
      if (text && (!accept || accept(text)) && (text !== last.text || now - last.at > repeatAfterMs)) {
        onCode(text);
        if (once) return;
      }
      if (text) last = { text, at: now };
      timer = window.setTimeout(tick, FRAME_MS);
    };
    if (!navigator.mediaDevices) queueMicrotask(() => setError(`此电脑不支持摄像头，${otherwise}`));
    navigator.mediaDevices
      ?.getUserMedia({ video: { width: { ideal: 1280 } }, audio: false })
      .then(async (s) => {
        if (stopped) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          await video.current.play();
        }
        tick();
      })
      .catch((e: unknown) =>
        setError(
          e instanceof DOMException && e.name === 'NotFoundError'
            ? `没有找到摄像头：请连接摄像头，或${otherwise}`
            : `无法打开摄像头（${e instanceof Error ? e.message : String(e)}）：请检查系统的摄像头权限，或${otherwise}`,
        ),
      );
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [otherwise, maxWidth]);

  return (
    <Card
      size="small"
      title={p.title}
      extra={
        <Button size="small" onClick={p.onClose}>
          关闭摄像头
        </Button>
      }
      data-testid={p.testId}
      style={p.style}
    >
      {error ? (
        <Alert type="warning" showIcon title={error} />
      ) : (
        <video
          ref={video}
          muted
          playsInline
          style={{ width: '100%', maxHeight: 260, background: '#000', transform: mirrored ? 'scaleX(-1)' : undefined }}
        />
      )}
      <canvas ref={canvas} style={{ display: 'none' }} />
    </Card>
  );
}
