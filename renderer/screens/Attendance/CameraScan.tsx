/**
 * 摄像头扫码 at check-in: the badge's QR code goes through the same path as a typed or scanned code;
 * the same code seen again within a few seconds is ignored (the badge is still in front of the camera).
 */
import { QrCamera } from '../../components/QrCamera';

export function CameraScan({ onCode, onClose }: { onCode: (text: string) => void; onClose: () => void }) {
  return (
    <QrCamera
      title="摄像头扫码：将胸牌二维码对准摄像头"
      testId="camera-scan"
      otherwise="改用扫码枪或键盘签到。"
      onCode={onCode}
      onClose={onClose}
      repeatAfterMs={3000}
      mirrored
      style={{ marginTop: 12 }}
    />
  );
}
