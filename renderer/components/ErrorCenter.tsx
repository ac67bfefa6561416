import { App, Button, Typography } from 'antd';
import { useEffect } from 'react';
import { useErrors } from '../stores/errors';

/** Every failure the services return ends up here, as one Chinese notice with copyable details. */
export function ErrorCenter() {
  const { notification } = App.useApp();
  const current = useErrors((s) => s.current);
  const dismiss = useErrors((s) => s.dismiss);
  useEffect(() => {
    if (!current) return;
    const details = JSON.stringify({ code: current.code, details: current.details }, null, 2);
    notification.error({
      key: 'ledger-error',
      title: current.code === 'VALIDATION' ? '输入有误' : current.code === 'CONFLICT' ? '与已有数据冲突' : '操作未完成',
      description: (
        <div data-testid="error-message">
          <Typography.Paragraph style={{ marginBottom: 8 }}>{current.message}</Typography.Paragraph>
          <Button size="small" onClick={() => void navigator.clipboard?.writeText(`${current.message}\n${details}`)}>
            复制详情
          </Button>
        </div>
      ),
      duration: 0,
      onClose: dismiss,
    });
  }, [current, notification, dismiss]);
  return null;
}
