/**
 * 信息档案 (issue 10 §3): the enterprises that sent trainees, filtered by region (the unit's own by
 * default), qualification, industry and year trained, searched as in 学员报名; one opens its file.
 * The follow-up tables regions collect are imported here, and the region's table exported.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Table, Tag, Tooltip, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { TRACKED_QUALIFICATIONS, type EnterpriseSummary } from '../../../shared/domain/enterpriseFileTypes';
import { regionName } from '../../../shared/regions';
import { call } from '../../api';
import { chooseSaveTarget, deliverExport, XLSX_FILTER } from '../../components/files';
import { RegionSelect } from '../../components/RegionSelect';
import { useLoad } from '../../components/useLoad';
import { useSavedNotice } from '../../components/SavedNotice';
import { useApp } from '../../stores/app';
import { EnterpriseDrawer } from './EnterpriseDrawer';
import { FollowUpImport } from './FollowUpImport';
import { shortQualification } from './enterpriseDisplay';

interface Filters {
  regionCode?: string;
  qualification?: string;
  industry?: string;
  yearTrained?: number;
  search?: string;
}

export function EnterprisesScreen() {
  const saved = useSavedNotice();
  // "A region sees its own enterprises": the unit's region (设置) is the starting filter; the centre has none.
  const ownRegion = useApp((s) => s.settings?.region || undefined);
  const [filters, setFilters] = useState<Filters>({ regionCode: ownRegion });
  const [page, setPage] = useState({ current: 1, size: 50 });
  const [openId, setOpenId] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const searchRef = useRef<InputRef>(null);
  const { data, loading } = useLoad(
    () => call('enterprises.list', { ...filters, offset: (page.current - 1) * page.size, limit: page.size }),
    [filters, page],
  );
  // "/" finds, as in 学员报名; not while typing or inside the open file.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof Element && e.target.closest('.ant-drawer, .ant-modal-wrap')) return;
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (e.key === '/' && !typing) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const filter = (patch: Filters) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage((p) => ({ ...p, current: 1 }));
  };

  const exportFiles = async () => {
    setExporting(true);
    try {
      const target = await chooseSaveTarget(`信息档案-${filters.regionCode ? regionName(filters.regionCode) : '全部地区'}.xlsx`, [
        XLSX_FILTER,
      ]);
      if (!target) return;
      const written = await call('enterprises.exportFiles', { ...filters, ...target });
      await deliverExport(written, saved);
    } finally {
      setExporting(false);
    }
  };

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <h1 className="screen-title">信息档案</h1>
        <Space>
          <FollowUpImport regionCode={ownRegion} />
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportFiles()}>
            导出信息档案（按当前筛选）
          </Button>
        </Space>
      </Space>
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            ref={searchRef}
            aria-label="搜索企业"
            allowClear
            placeholder="企业名称、信用代码、拼音首字母、学员（按 / 聚焦）"
            style={{ width: 300 }}
            onSearch={(v) => filter({ search: v.trim() || undefined })}
          />
          <RegionSelect
            aria-label="按地区筛选"
            allowClear
            placeholder="全部地区"
            style={{ width: 160 }}
            value={filters.regionCode}
            onChange={(v) => filter({ regionCode: v || undefined })}
          />
          <Select
            aria-label="按资质筛选"
            allowClear
            placeholder="全部资质"
            style={{ width: 190 }}
            value={filters.qualification}
            onChange={(v?: string) => filter({ qualification: v })}
            options={TRACKED_QUALIFICATIONS.map((q) => ({ value: q, label: q }))}
          />
          <Select
            aria-label="按行业筛选"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部行业"
            style={{ width: 170 }}
            value={filters.industry}
            onChange={(v?: string) => filter({ industry: v })}
            options={(data?.industries ?? []).map((i) => ({ value: i, label: i }))}
          />
          <Select
            aria-label="按参训年度筛选"
            allowClear
            placeholder="全部参训年度"
            style={{ width: 140 }}
            value={filters.yearTrained}
            onChange={(v?: number) => filter({ yearTrained: v })}
            options={(data?.years ?? []).map((y) => ({ value: y, label: `${y}年` }))}
          />
          <Typography.Text type="secondary" data-testid="enterprise-total">
            共 {data?.total ?? 0} 家企业
          </Typography.Text>
        </Space>
        <Table<EnterpriseSummary>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data?.rows ?? []}
          scroll={{ x: 1040 }}
          onRow={(r) => ({ onDoubleClick: () => setOpenId(r.id) })}
          pagination={{
            current: page.current,
            pageSize: page.size,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (t) => `共 ${t} 家`,
            onChange: (current, size) => setPage({ current: size === page.size ? current : 1, size }),
          }}
          columns={[
            {
              title: '企业名称',
              width: 230,
              ellipsis: true,
              render: (_, r) => (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0 }}
                  aria-label={`打开 ${r.name} 的档案`}
                  onClick={() => setOpenId(r.id)}
                >
                  {r.name}
                </Button>
              ),
            },
            { title: '统一社会信用代码', dataIndex: 'creditCode', width: 172 },
            { title: '地区', dataIndex: 'regionName', width: 80, ellipsis: true },
            { title: '行业', dataIndex: 'industry', width: 120, ellipsis: true },
            {
              title: '资质',
              width: 180,
              render: (_, r) => (
                <Space size={[0, 4]} wrap>
                  {r.qualifications.map((q) => (
                    <Tooltip key={q} title={q}>
                      <Tag color={(TRACKED_QUALIFICATIONS as readonly string[]).includes(q) ? 'volcano' : undefined}>
                        {shortQualification(q)}
                      </Tag>
                    </Tooltip>
                  ))}
                </Space>
              ),
            },
            {
              title: '参训',
              width: 96,
              render: (_, r) => (r.trainees ? `${r.trainees} 人（${r.yearsTrained.join('、')}）` : '—'),
            },
            { title: '跟踪', dataIndex: 'followUps', width: 60, align: 'right', render: (n: number) => `${n} 条` },
            { title: '最近跟踪', dataIndex: 'lastFollowUp', width: 100, render: (d: string | null) => d ?? '—' },
          ]}
        />
      </Card>
      <EnterpriseDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
