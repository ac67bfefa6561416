import { Card, Result, Typography } from 'antd';

/** A screen whose capability is scheduled but not built: says so plainly, pretends nothing. */
export function PlannedCard({ title, items }: { title: string; items: string[] }) {
  return (
    <Card>
      <Result
        status="info"
        title={`${title}：规划中`}
        subTitle="这一功能尚未开放。下列内容将在后续版本中提供；在此之前本页不保存任何数据。"
        extra={
          <Typography.Paragraph style={{ textAlign: 'left', maxWidth: 560, margin: '0 auto' }}>
            <ul>
              {items.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          </Typography.Paragraph>
        }
      />
    </Card>
  );
}
