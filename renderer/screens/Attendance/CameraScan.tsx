/**
 * 摄像头扫码: the laptop's camera reads the QR code on a badge; the decoded text goes through the same
 * path as a typed or scanned code. The camera is asked for only when the button is pressed, and is
 * released when the panel closes. The same code seen again within a few seconds is ignored (the
 * badge is still in front of the camera).
 */
import { Alert, Button, Card } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { decodeFrame } from './qrDecode';

/** Draws the video's current frame into the canvas (scaled down: decoding is faster) and decodes it. */
function decodeVideo(video: HTMLVideoElement, canvas: HTMLCanvasElement, maxWidth = 640): string | null {
  if (!video.videoWidth || !video.videoHeight) return null;
  const scale = Math.min(1, maxWidth / video.videoWidth);
  canvas.width = Math.round(video.videoWidth * scale);
  canvas.height = Math.round(video.videoHeight * scale);
  const g = canvas.getContext('2d', { willReadFrequently: true });
  if (!g) return null;
  g.drawImage(video, 0, 0, canvas.width, canvas.height);
  return decodeFrame(g.getImageData(0, 0, canvas.width, canvas.height));
}

const SAME_CODE_MS = 3000;
const FRAME_MS = 150;

export function CameraScan({ onCode, onClose }: { onCode: (text: string) => void; onClose: () => void }) {
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
    let last = { text: '', at: 0 };
    const tick = () => {
      if (stopped) return;
      const v = video.current;
      const c = canvas.current;
      const text = v && c ? decodeVideo(v, c) : null;
      const now = Date.now();
      if (text && (text !== last.text || now - last.at > SAME_CODE_MS)) onCodeRef.current(text);
      if (text) last = { text, at: now };
      timer = window.setTimeout(tick, FRAME_MS);
    };
    navigator.mediaDevices
      ?.getUserMedia({ video: { facingMode: 'user', width: { ideal: 1280 } }, audio: false })
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
            ? '没有找到摄像头，请连接摄像头或改用扫码枪、键盘签到。'
            : `无法打开摄像头（${e instanceof Error ? e.message : String(e)}），请检查系统的摄像头权限，或改用扫码枪、键盘签到。`,
        ),
      );
    if (!navigator.mediaDevices) queueMicrotask(() => setError('此电脑不支持摄像头，请改用扫码枪或键盘签到。'));
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  return (
    <Card
      size="small"
      title="摄像头扫码：将胸牌二维码对准摄像头"
      extra={
        <Button size="small" onClick={onClose}>
          关闭摄像头
        </Button>
      }
      data-testid="camera-scan"
      style={{ marginTop: 12 }}
    >
      {error ? (
        <Alert type="warning" showIcon title={error} />
      ) : (
        <video ref={video} muted playsInline style={{ width: '100%', maxHeight: 240, background: '#000', transform: 'scaleX(-1)' }} />
      )}
      <canvas ref={canvas} style={{ display: 'none' }} />
    </Card>
  );
}
