/**
 * 摄像头扫码 for 证书核验: the certificate's QR code held up to the camera. jsQR (pure JavaScript,
 * bundled, offline) reads frames until a 「ZS1:」 statement appears; the camera is released on close.
 */
import { Alert, Button, Card } from 'antd';
import jsQR from 'jsqr';
import { useEffect, useRef, useState } from 'react';

const FRAME_MS = 150;

function decode(video: HTMLVideoElement, canvas: HTMLCanvasElement): string | null {
  if (!video.videoWidth || !video.videoHeight) return null;
  const scale = Math.min(1, 800 / video.videoWidth);
  canvas.width = Math.round(video.videoWidth * scale);
  canvas.height = Math.round(video.videoHeight * scale);
  const g = canvas.getContext('2d', { willReadFrequently: true });
  if (!g) return null;
  g.drawImage(video, 0, 0, canvas.width, canvas.height);
  const frame = g.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' })?.data.trim() || null;
}

export function CertificateCamera({ onCode, onClose }: { onCode: (text: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<string | null>(null);
  const onCodeRef = useRef(onCode);
  useEffect(() => {
    onCodeRef.current = onCode;
  }, [onCode]);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer = 0;
    let stopped = false;
    const tick = () => {
      if (stopped) return;
      const text = video.current && canvas.current ? decode(video.current, canvas.current) : null;
      // Any other QR code (a badge, a web address) is not a certificate: keep looking.
      if (text?.startsWith('ZS1:')) return onCodeRef.current(text);
      timer = window.setTimeout(tick, FRAME_MS);
    };
    if (!navigator.mediaDevices) queueMicrotask(() => setError('此电脑不支持摄像头，请粘贴二维码内容或打开证书 PDF。'));
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
            ? '没有找到摄像头：请连接摄像头，或粘贴二维码内容、打开证书 PDF。'
            : `无法打开摄像头（${e instanceof Error ? e.message : String(e)}）：请检查系统的摄像头权限。`,
        ),
      );
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  return (
    <Card
      size="small"
      title="摄像头扫码：将证书上的二维码对准摄像头"
      extra={
        <Button size="small" onClick={onClose}>
          关闭摄像头
        </Button>
      }
      data-testid="certificate-camera"
    >
      {error ? (
        <Alert type="warning" showIcon title={error} />
      ) : (
        <video ref={video} muted playsInline style={{ width: '100%', maxHeight: 280, background: '#000' }} />
      )}
      <canvas ref={canvas} style={{ display: 'none' }} />
    </Card>
  );
}
