import { Alert, Card, Col, Empty, Progress, Row, Statistic, Table, Typography } from 'antd';
import { programmeLabel, type Overview } from '../../../shared/domain/types';
import { call } from '../../api';
import { useLoad } from '../../components/useLoad';
import { useApp } from '../../stores/app';

export function OverviewScreen() {
  const programmeId = useApp((s) => s.programmeId);
  const { data, loading } = useLoad<Overview>(() => (programmeId ? call('overview.get', { programmeId }) : null), [programmeId]);
  if (!programmeId)
    return <Empty description="还没有培训项目。请在「年度计划与名额」中新建，或用命令行 npm run cli -- demo 生成演示数据。" />;
  if (!data) return <Card loading={loading} />;
  const p = data.programme;
  const fill = p.plannedTrainees ? Math.round((data.active / p.plannedTrainees) * 100) : null;
  return (
    <div data-testid="overview">
      <h1 className="screen-title">{programmeLabel(p)}</h1>
      <Typography.Paragraph type="secondary">
        {p.documentNo || '未填文号'} · 组织实施：{p.organiser || '未填'}
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col span={6}>
          <Card>
            <Statistic title="有效报名（人）" value={data.active} suffix={p.plannedTrainees ? `/ 计划 ${p.plannedTrainees}` : undefined} />
            {fill !== null && <Progress percent={Math.min(fill, 100)} size="small" status={fill >= 100 ? 'success' : 'active'} />}
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title="已通过" value={data.registrations.approved} />
            <Typography.Text type="secondary">
              待审核 {data.registrations.submitted} · 候补 {data.registrations.waitlisted}
            </Typography.Text>
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title="参训企业（家）" value={data.enterprises} />
            <Typography.Text type="secondary">
              制造业占比 {data.manufacturingShare === null ? '—' : `${Math.round(data.manufacturingShare * 100)}%`}
            </Typography.Text>
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title="已报名地区" value={data.regionsWithRegistrations} suffix="/ 37" />
            <Typography.Text type="secondary">未分期 {data.unassigned} 人</Typography.Text>
          </Card>
        </Col>
      </Row>
      {data.unassigned > 0 && <Alert style={{ marginTop: 16 }} type="warning" showIcon title={`${data.unassigned} 名学员尚未分配期次。`} />}
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={13}>
          <Card title="各期情况" size="small">
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={data.sessions}
              columns={[
                { title: '期次', dataIndex: 'number', render: (n: number) => `第${n}期` },
                { title: '日期', render: (_, s) => (s.startDate ? `${s.startDate} 至 ${s.endDate ?? ''}` : '未定') },
                { title: '地点', dataIndex: 'location' },
                { title: '报名截止', dataIndex: 'registrationDeadline', render: (d: string | null) => d ?? '—' },
                {
                  title: '有效报名 / 容量',
                  render: (_, s) => (
                    <span>
                      {s.activeRegistrations} / {s.capacity ?? '不限'}
                    </span>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col span={11}>
          <Card title="各地区有效报名" size="small" styles={{ body: { maxHeight: 420, overflow: 'auto' } }}>
            {data.byRegion.map((r) => (
              <Row key={r.regionCode} align="middle" gutter={8} style={{ marginBottom: 2 }}>
                <Col span={7}>
                  <Typography.Text ellipsis>{r.regionName}</Typography.Text>
                </Col>
                <Col span={17}>
                  <Progress
                    percent={Math.round((r.active / Math.max(1, ...data.byRegion.map((x) => x.active))) * 100)}
                    format={() => r.active}
                    size="small"
                  />
                </Col>
              </Row>
            ))}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
