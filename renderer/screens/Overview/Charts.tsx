/**
 * The 概览's charts (issue 10 §4), loaded as their own chunk after the overview's text figures:
 * quota fill, registrations against the deadlines, attendance per session and per half-day,
 * completion and 满意率. A click on a point opens the list behind it; each chart saves as PNG; the
 * whole overview prints as an A4 report with every chart.
 */
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Card, Drawer, Empty, Space, Table, Typography } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { FileFilter } from '../../../shared/bridge';
import type { Dashboard, DashboardList } from '../../../shared/domain/dashboardTypes';
import { call } from '../../api';
import { chooseSaveTarget, deliverExport, PDF_FILTER } from '../../components/files';
import { useLoad } from '../../components/useLoad';
import { buildCharts, type ChartSpec, type ListQuery, type PointEvent } from './chartOptions';
import { EChart, type EChartHandle } from './EChart';

const PNG_FILTER: FileFilter = { name: 'PNG 图片', extensions: ['png'] };

/** 「各地区各期名额完成情况（已报 …）」 → 「各地区各期名额完成情况」: a file name without the figures. */
const shortTitle = (title: string) => title.replace(/（.*$/, '');

function ChartCard({
  spec,
  register,
  onPoint,
}: {
  spec: ChartSpec;
  register(key: string, h: EChartHandle | null): void;
  onPoint(spec: ChartSpec, e: PointEvent): void;
}) {
  const { message } = App.useApp();
  const handle = useRef<EChartHandle | null>(null);
  const [busy, setBusy] = useState(false);
  const setRef = useCallback(
    (h: EChartHandle | null) => {
      handle.current = h;
      register(spec.key, h);
    },
    [register, spec.key],
  );
  async function save() {
    const png = handle.current?.png();
    if (!png) return;
    setBusy(true);
    try {
      const name = shortTitle(spec.title);
      const target = await chooseSaveTarget(`${name}.png`, [PNG_FILTER]);
      if (!target) return;
      const written = await call('dashboard.savePng', { png, name, ...target });
      await deliverExport(written, (text) => void message.success(text));
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card
      size="small"
      title={spec.title}
      data-testid={`chart-${spec.key}`}
      style={{ marginTop: 16 }}
      extra={
        <Button
          size="small"
          icon={<DownloadOutlined />}
          loading={busy}
          onClick={() => void save()}
          aria-label={`保存图片：${shortTitle(spec.title)}`}
        >
          保存图片
        </Button>
      }
    >
      <EChart ref={setRef} spec={spec} onPoint={(e) => onPoint(spec, e)} />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }} data-testid={`caption-${spec.key}`}>
        {spec.caption}
        {spec.hint}
      </Typography.Paragraph>
    </Card>
  );
}

export default function Charts({ programmeId }: { programmeId: number }) {
  const { message } = App.useApp();
  const { data } = useLoad<Dashboard>(() => call('dashboard.get', { programmeId }), [programmeId]);
  const charts = useMemo(() => (data ? buildCharts(data) : []), [data]);
  const handles = useRef(new Map<string, EChartHandle>());
  const [list, setList] = useState<{ query: ListQuery; result: DashboardList | null } | null>(null);
  const [printing, setPrinting] = useState(false);

  const register = useCallback((key: string, h: EChartHandle | null) => {
    if (h) handles.current.set(key, h);
    else handles.current.delete(key);
  }, []);

  const onPoint = useCallback(
    (spec: ChartSpec, e: PointEvent) => {
      const query = spec.pointList(e);
      if (!query) return;
      setList({ query, result: null });
      call('dashboard.list', { programmeId, ...query }).then(
        (result) => setList((l) => (l?.query === query ? { query, result } : l)),
        () => setList(null),
      );
    },
    [programmeId],
  );

  async function print() {
    setPrinting(true);
    try {
      const images = charts.flatMap((c) => {
        const png = handles.current.get(c.key)?.png();
        return png ? [{ title: c.title, caption: c.caption, png }] : [];
      });
      if (!images.length) return;
      const target = await chooseSaveTarget(`培训情况概览-${data?.title ?? ''}.pdf`, [PDF_FILTER]);
      if (!target) return;
      const written = await call('dashboard.reportPdf', { programmeId, charts: images, ...target });
      await deliverExport(written, (text) => void message.success(text));
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setPrinting(false);
    }
  }

  if (!data) return <Card loading style={{ marginTop: 16 }} />;
  return (
    <div data-testid="overview-charts" style={{ marginTop: 16 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          图表
        </Typography.Title>
        <Button type="primary" icon={<PrinterOutlined />} loading={printing} disabled={!charts.length} onClick={() => void print()}>
          打印报告
        </Button>
      </Space>
      {charts.length ? (
        charts.map((spec) => <ChartCard key={spec.key} spec={spec} register={register} onPoint={onPoint} />)
      ) : (
        <Empty style={{ marginTop: 16 }} description="还没有可以画成图表的数据：设置名额、录入报名和考勤后，这里会显示图表。" />
      )}
      <Drawer
        open={!!list}
        onClose={() => setList(null)}
        size={Math.min(960, Math.round(window.innerWidth * 0.8))}
        title={list?.result?.title ?? '正在读取…'}
        destroyOnHidden
      >
        <div data-testid="chart-list">
          <Table
            size="small"
            loading={!list?.result}
            rowKey={(_, i) => String(i)}
            dataSource={list?.result?.rows ?? []}
            columns={(list?.result?.columns ?? []).map((c) => ({ title: c.title, dataIndex: c.key, key: c.key }))}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: '没有记录' }}
          />
        </div>
      </Drawer>
    </div>
  );
}
