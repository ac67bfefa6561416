import { ExclamationCircleOutlined } from '@ant-design/icons';
import { App, Badge, Button, Popover, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { AppErrorShape } from '../../shared/result';
import { useErrors, type ReportedError } from '../stores/errors';

/** How long a notice stays (it pauses while the pointer is on it); the list in 问题记录 keeps it. */
const NOTICE_SECONDS = 10;

function titleOf(e: AppErrorShape): string {
  switch (e.code) {
    case 'VALIDATION':
      return '输入有误';
    case 'CONFLICT':
      return '与已有数据冲突';
    case 'ENGINE_RESTARTED':
      return '数据服务已重新启动';
    default:
      return '操作未完成';
  }
}

function copyDetails(e: ReportedError) {
  const details = JSON.stringify({ code: e.code, details: e.details }, null, 2);
  void navigator.clipboard?.writeText(`${e.message}\n${details}`);
}

/**
 * Every failure the services return ends up here: one Chinese notice at a time, closing by itself, and
 * 问题记录 in the header, listing this session's failures with copyable details. Bottom left, where
 * the screens have table text and the empty foot of the menu: clear of the toolbar's 导入/导出
 * buttons, the import wizard's steps and controls (its action buttons sit on the right), the pinned
 * 操作 column and dialogs' OK buttons.
 */
export function ErrorCenter() {
  const { notification } = App.useApp();
  const current = useErrors((s) => s.current);
  const history = useErrors((s) => s.history);
  const unseen = useErrors((s) => s.unseen);
  const { dismiss, markSeen, clear } = useErrors.getState();
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!current) return;
    notification.error({
      // One key: a newer failure replaces the notice instead of stacking over the screen.
      key: 'ledger-error',
      placement: 'bottomLeft',
      duration: NOTICE_SECONDS,
      showProgress: true,
      pauseOnHover: true,
      title: titleOf(current),
      description: (
        <div data-testid="error-message">
          <Typography.Paragraph style={{ marginBottom: 8 }}>{current.message}</Typography.Paragraph>
          <Button size="small" onClick={() => copyDetails(current)}>
            复制详情
          </Button>
        </div>
      ),
      onClose: dismiss,
    });
  }, [current, notification, dismiss]);

  if (!history.length) return null;
  return (
    <Popover
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) markSeen();
      }}
      trigger="click"
      placement="bottomRight"
      title={
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <span>本次运行中的问题</span>
          <Button size="small" type="link" onClick={() => (clear(), setOpen(false))}>
            清空
          </Button>
        </Space>
      }
      content={
        <div data-testid="error-log" style={{ width: 420, maxHeight: 360, overflowY: 'auto' }}>
          {history.map((e) => (
            <div key={e.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
              <Space size={8}>
                <Typography.Text type="secondary">{dayjs(e.at).format('HH:mm:ss')}</Typography.Text>
                <Typography.Text strong>{titleOf(e)}</Typography.Text>
              </Space>
              <Typography.Paragraph style={{ margin: '4px 0' }}>{e.message}</Typography.Paragraph>
              <Button size="small" onClick={() => copyDetails(e)}>
                复制详情
              </Button>
            </div>
          ))}
        </div>
      }
    >
      <Badge count={unseen} size="small">
        <Button type="text" icon={<ExclamationCircleOutlined />} aria-label={`问题记录（${history.length} 条）`}>
          问题记录
        </Button>
      </Badge>
    </Popover>
  );
}
