import { Card, Empty, Tag, Typography } from 'antd';
import { memo } from 'react';
import type { RosterEntry } from '../../../shared/domain/attendanceTypes';

/** Those not yet arrived, by region, with their phones: the administrator calls them. */
/** `absent`: those already marked 缺勤 (the slot was closed); the rest have no mark yet. */
export const NotArrived = memo(function NotArrived({ entries, absent }: { entries: RosterEntry[]; absent: ReadonlySet<number> }) {
  const byRegion = new Map<string, RosterEntry[]>();
  for (const e of entries) byRegion.set(e.regionName, [...(byRegion.get(e.regionName) ?? []), e]);
  return (
    <Card
      size="small"
      title={`未到 ${entries.length} 人（按地区）`}
      data-testid="not-arrived"
      styles={{ body: { maxHeight: 430, overflow: 'auto' } }}
    >
      {entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="全部到齐" />
      ) : (
        [...byRegion].map(([region, list]) => (
          <div key={region} style={{ marginBottom: 8 }}>
            <Typography.Text strong>
              {region}（{list.length}）
            </Typography.Text>
            {list.map((e) => (
              <div key={e.registrationId} style={{ display: 'flex', justifyContent: 'space-between', paddingLeft: 12 }}>
                <span>
                  {e.name}
                  {absent.has(e.registrationId) && (
                    <Tag color="red" style={{ marginLeft: 6 }}>
                      缺勤
                    </Tag>
                  )}
                </span>
                <Typography.Text type="secondary" copyable={e.mobile ? { text: e.mobile, tooltips: ['复制手机号', '已复制'] } : false}>
                  {e.mobile || '无手机号'}
                </Typography.Text>
              </div>
            ))}
          </div>
        ))
      )}
    </Card>
  );
});
