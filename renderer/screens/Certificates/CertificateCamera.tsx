/** 摄像头扫码 for 证书核验: the certificate's QR code held up to the camera; other QR codes (a badge, a web address) are passed over. */
import { QrCamera } from '../../components/QrCamera';

export function CertificateCamera({ onCode, onClose }: { onCode: (text: string) => void; onClose: () => void }) {
  return (
    <QrCamera
      title="摄像头扫码：将证书上的二维码对准摄像头"
      testId="certificate-camera"
      otherwise="粘贴二维码内容或打开证书 PDF。"
      onCode={onCode}
      onClose={onClose}
      accept={(text) => text.startsWith('ZS1:')}
      once
      maxWidth={800}
    />
  );
}
