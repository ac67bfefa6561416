import { Alert, Card, Col, Empty, Progress, Row, Spin, Statistic, Table, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { programmeLabel, type Overview } from '../../../shared/domain/types';
import { call } from '../../api';
import { useLoad } from '../../components/useLoad';
import { useApp } from '../../stores/app';
import { FILL_BANDS, fillBand } from '../../../shared/domain/fillBands';

// The charts (and ECharts with them) load as their own chunk, after the figures above them show.
const Charts = lazy(() => import('./Charts'));

/** "12 / 15" on the fill band's colour, as in the quota table. */
function FillTag({ filled, places, waitlisted }: { filled: number; places: number; waitlisted: number }) {
  const band = fillBand({ filled, places });
  return (
    <span className="overview-fill" style={{ background: band?.bg, padding: '0 6px', borderRadius: 4 }} title={band?.label}>
      {filled} / {places}
      {waitlisted > 0 && <Typography.Text type="secondary"> 候补 {waitlisted}</Typography.Text>}
    </span>
  );
}

function FillLegend() {
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      已报（待审核 + 已通过）/ 名额：
      {FILL_BANDS.map((b) => (
        <span key={b.label} style={{ background: b.bg, padding: '0 6px', marginLeft: 4, borderRadius: 4 }}>
          {b.label}
        </span>
      ))}
    </Typography.Text>
  );
}

export function OverviewScreen() {
  const programmeId = useApp((s) => s.programmeId);
  const { data, loading } = useLoad<Overview>(() => (programmeId ? call('overview.get', { programmeId }) : null), [programmeId]);
  if (!programmeId)
    return <Empty description="还没有培训项目。请在「年度计划与名额」中新建，或用命令行 npm run cli -- demo 生成演示数据。" />;
  if (!data) return <Card loading={loading} />;
  const p = data.programme;
  const fill = p.plannedTrainees ? Math.round((data.active / p.plannedTrainees) * 100) : null;
  const quota = data.quotaFill;
  const sessionFill = new Map(quota?.sessions.map((s) => [s.sessionId, s]));
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
                ...(quota
                  ? [
                      {
                        title: '已报 / 名额',
                        key: 'quota',
                        render: (_: unknown, s: { id: number }) => {
                          const f = sessionFill.get(s.id);
                          return f ? <FillTag {...f} /> : '—';
                        },
                      },
                    ]
                  : []),
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
          {quota ? (
            <Card
              title={`各地区名额完成情况（已报 ${quota.filled} / 名额 ${quota.places}${quota.waitlisted ? `，候补 ${quota.waitlisted}` : ''}）`}
              size="small"
              data-testid="overview-quota"
              styles={{ body: { maxHeight: 420, overflow: 'auto' } }}
            >
              <FillLegend />
              {quota.regions.map((r) => {
                const band = fillBand(r);
                return (
                  <Row
                    key={r.regionCode}
                    align="middle"
                    gutter={8}
                    style={{ marginBottom: 2 }}
                    data-testid={`overview-quota-${r.regionCode}`}
                  >
                    <Col span={7}>
                      <Typography.Text ellipsis>{r.regionName}</Typography.Text>
                    </Col>
                    <Col span={11}>
                      <Progress
                        percent={r.places ? Math.min(100, Math.round((r.filled / r.places) * 100)) : r.filled ? 100 : 0}
                        showInfo={false}
                        size="small"
                        status={r.filled > r.places ? 'exception' : r.places && r.filled === r.places ? 'success' : 'normal'}
                        aria-label={band?.label}
                      />
                    </Col>
                    <Col span={6}>
                      <FillTag {...r} />
                    </Col>
                  </Row>
                );
              })}
            </Card>
          ) : (
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
          )}
        </Col>
      </Row>
      <Suspense fallback={<Spin style={{ display: 'block', marginTop: 24 }} />}>
        <Charts programmeId={programmeId} />
      </Suspense>
    </div>
  );
}
