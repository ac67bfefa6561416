import { App, Button, Space, Typography, Upload } from 'antd';
import { pickedFromBrowser } from '../../components/files';

/**
 * A PNG/JPEG chosen by the user (the seal is always the user's own image, never drawn by the app).
 * In the window the file's own path is kept; in the browser harness it is uploaded to the service first.
 */
export function ImagePicker(props: { label: string; path: string | null; onChange: (path: string | null) => void }) {
  const { message } = App.useApp();
  const name = props.path ? props.path.split(/[\\/]/).pop() : null;
  return (
    <Space wrap>
      <Upload
        accept=".png,.jpg,.jpeg,image/png,image/jpeg"
        multiple={false}
        showUploadList={false}
        beforeUpload={(f) => {
          pickedFromBrowser(f).then(
            (p) => props.onChange(p.path),
            (e: Error) => void message.error(e.message),
          );
          return false;
        }}
      >
        <Button data-testid={`pick-${props.label}`}>选择{props.label}…</Button>
      </Upload>
      {name ? (
        <>
          <Typography.Text ellipsis style={{ maxWidth: 180 }} title={props.path ?? ''}>
            {name}
          </Typography.Text>
          <Button size="small" type="link" onClick={() => props.onChange(null)}>
            清除
          </Button>
        </>
      ) : (
        <Typography.Text type="secondary">未选择</Typography.Text>
      )}
    </Space>
  );
}
