import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Dropdown, Input, Select, Space, Table, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import {
  REGISTRATION_STATUSES,
  STATUS_LABELS,
  type RegistrationRow,
  type RegistrationStatus,
  type SessionSummary,
} from '../../../shared/domain/types';
import { STATUS_ACTIONS } from '../../../shared/domain/registrationStatus';
import { call } from '../../api';
import { chooseSaveTarget, deliverExport, PDF_FILTER, XLSX_FILTER } from '../../components/files';
import { exportFileName, exportScopeTitle } from '../../../shared/domain/exportNames';
import { regionName } from '../../../shared/regions';
import { useLoad } from '../../components/useLoad';
import { RegionSelect } from '../../components/RegionSelect';
import { useReturnFocus } from '../../components/useReturnFocus';
import { useSavedNotice } from '../../components/SavedNotice';
import { useApp } from '../../stores/app';
import { ImportWizard } from './ImportWizard';
import { RegistrationForm } from './RegistrationForm';
import { StatusDialog } from './StatusDialog';
import { StatusTag } from './StatusTag';

const PAGE = 1000;

/**
 * The list arrives a page at a time as the virtual table scrolls, so 100,000 registrations never
 * cross the bridge at once; filters and search run in the services' index.
 */
function usePagedRegistrations(
  programmeId: number | null,
  filters: { sessionNumber?: number; regionCode?: string; status?: RegistrationStatus; search?: string },
) {
  const revision = useApp((s) => s.revision);
  const [state, setState] = useState<{ key: string; total: number; rows: RegistrationRow[] }>({ key: '', total: 0, rows: [] });
  const busy = useRef(false);
  const key = JSON.stringify([programmeId, filters, revision]);
  useEffect(() => {
    if (!programmeId) return;
    let live = true;
    void call('registrations.list', { programmeId, ...filters, offset: 0, limit: PAGE }).then(
      (r) => live && setState({ key, total: r.total, rows: r.rows }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const more = () => {
    if (!programmeId || busy.current || state.key !== key || state.rows.length >= state.total) return;
    busy.current = true;
    void call('registrations.list', { programmeId, ...filters, offset: state.rows.length, limit: PAGE })
      .then((r) => setState((s) => (s.key === key ? { ...s, rows: [...s.rows, ...r.rows] } : s)))
      .finally(() => (busy.current = false));
  };
  return { data: state.key === key ? state : null, loading: state.key !== key, more };
}

// The rules live in the domain (the service enforces the same); "…" marks the one that asks for a reason.
const ACTIONS = STATUS_ACTIONS.map((a) => ({ ...a, label: a.needsReason ? `${a.label}…` : a.label }));

export function RegistrationsScreen() {
  const programmeId = useApp((s) => s.programmeId);
  const programmeYear = useApp((s) => s.programmes.find((p) => p.id === s.programmeId)?.year);
  const saved = useSavedNotice();
  const [sessionNumber, setSession] = useState<number | undefined>();
  const [regionCode, setRegion] = useState<string | undefined>();
  const [status, setStatus] = useState<RegistrationStatus | undefined>();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<RegistrationRow | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [statusTarget, setStatusTarget] = useState<{ row: RegistrationRow; status: RegistrationStatus } | null>(null);
  const [exporting, setExporting] = useState(false);
  const searchRef = useRef<InputRef>(null);
  const importFocus = useReturnFocus(importOpen);
  useReturnFocus(formOpen);
  useReturnFocus(!!statusTarget);
  const { data: sessions } = useLoad<SessionSummary[]>(() => (programmeId ? call('sessions.list', { programmeId }) : null), [programmeId]);
  const { data, loading, more } = usePagedRegistrations(programmeId, { sessionNumber, regionCode, status, search: search || undefined });

  // Keyboard: "/" finds, Alt+N adds, Alt+I imports; not from inside an open drawer or dialog.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof Element && e.target.closest('.ant-drawer, .ant-modal-wrap')) return;
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (e.key === '/' && !typing) {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.altKey && e.key.toLowerCase() === 'n') {
        e.preventDefault();
        setEditing(null);
        setFormOpen(true);
      } else if (e.altKey && e.key.toLowerCase() === 'i') {
        e.preventDefault();
        setImportOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!programmeId) return <Typography.Text>请先新建或选择培训项目。</Typography.Text>;

  const exportWith = async (kind: 'summary' | 'xlsx' | 'pdf') => {
    setExporting(true);
    try {
      const scope = { programmeId, sessionNumber: sessionNumber || undefined, regionCode };
      const title = exportScopeTitle(programmeYear ?? 0, scope.sessionNumber, regionCode ? regionName(regionCode) : undefined);
      const name = exportFileName(kind === 'summary' ? 'summary' : kind === 'pdf' ? 'formsPdf' : 'formsXlsx', title);
      const target = await chooseSaveTarget(name, [kind === 'pdf' ? PDF_FILTER : XLSX_FILTER]);
      if (!target) return;
      const written =
        kind === 'summary'
          ? await call('exports.summary', { ...scope, ...target })
          : await call('exports.forms', { ...scope, format: kind, ...target });
      await deliverExport(written, saved);
    } finally {
      setExporting(false);
    }
  };

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <h1 className="screen-title">学员报名</h1>
        <Space>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            title="Alt+N"
            onClick={() => {
              setEditing(null);
              setFormOpen(true);
            }}
          >
            新增报名
          </Button>
          <Button icon={<UploadOutlined />} title="Alt+I" onClick={() => setImportOpen(true)}>
            导入报名表
          </Button>
          <Dropdown
            menu={{
              items: [
                { key: 'summary', label: '报名汇总表（.xlsx）' },
                { key: 'xlsx', label: '学员报名表（.xlsx，每人一页）' },
                { key: 'pdf', label: '学员报名表（PDF，每人一页）' },
              ],
              onClick: (e) => void exportWith(e.key as 'summary' | 'xlsx' | 'pdf'),
            }}
          >
            <Button icon={<DownloadOutlined />} loading={exporting}>
              导出（按当前期次、地区）
            </Button>
          </Dropdown>
        </Space>
      </Space>
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            ref={searchRef}
            aria-label="搜索学员"
            allowClear
            placeholder="姓名、拼音或首字母、身份证后几位、企业、信用代码（按 / 聚焦）"
            style={{ width: 400 }}
            onSearch={(v) => setSearch(v.trim())}
          />
          <Select
            aria-label="按期次筛选"
            allowClear
            placeholder="全部期次"
            style={{ width: 130 }}
            value={sessionNumber}
            onChange={setSession}
            options={[{ value: 0, label: '未分期' }, ...(sessions ?? []).map((s) => ({ value: s.number, label: `第${s.number}期` }))]}
          />
          <RegionSelect
            aria-label="按地区筛选"
            allowClear
            placeholder="全部地区"
            style={{ width: 180 }}
            value={regionCode}
            onChange={setRegion}
          />
          <Select
            aria-label="按状态筛选"
            allowClear
            placeholder="全部状态"
            style={{ width: 120 }}
            value={status}
            onChange={setStatus}
            options={REGISTRATION_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          />
          <Typography.Text type="secondary" data-testid="registration-total">
            共 {data?.total ?? 0} 条
          </Typography.Text>
        </Space>
        <Table<RegistrationRow>
          size="small"
          rowKey="id"
          loading={loading}
          virtual
          scroll={{ x: 1370, y: 560 }}
          pagination={false}
          dataSource={data?.rows ?? []}
          onScroll={(e) => {
            const el = e.currentTarget;
            if (el.scrollHeight - el.scrollTop - el.clientHeight < 400) more();
          }}
          onRow={(r) => ({ onDoubleClick: () => (setEditing(r), setFormOpen(true)) })}
          // Who and which enterprise first, so both stay in view on a laptop; long text ends in "…"
          // and shows whole on hover instead of running under the pinned 状态 column.
          columns={[
            { title: '期次', width: 64, render: (_, r) => (r.sessionNumber ? `第${r.sessionNumber}期` : '未分期') },
            { title: '地区', width: 100, dataIndex: 'regionName', ellipsis: true },
            { title: '姓名', width: 90, ellipsis: true, render: (_, r) => r.trainee.name },
            { title: '性别', width: 50, render: (_, r) => r.trainee.gender ?? '' },
            { title: '企业名称', width: 260, ellipsis: true, render: (_, r) => r.enterprise.name },
            { title: '职务', width: 120, ellipsis: true, render: (_, r) => r.trainee.position },
            { title: '身份证号', width: 176, render: (_, r) => r.trainee.idNumber },
            { title: '统一社会信用代码', width: 180, render: (_, r) => r.enterprise.creditCode },
            { title: '手机', width: 120, render: (_, r) => r.trainee.mobile },
            {
              title: '状态',
              width: 90,
              // Kept in view beside the actions: the table is wider than a laptop screen.
              fixed: 'right',
              render: (_, r) => <StatusTag row={r} />,
            },
            {
              title: '操作',
              width: 120,
              fixed: 'right',
              render: (_, r) => (
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => (setEditing(r), setFormOpen(true))}>
                    修改
                  </Button>
                  <Dropdown
                    menu={{
                      items: ACTIONS.filter((a) => a.from.includes(r.status)).map((a) => ({ key: a.status, label: a.label })),
                      onClick: (e) => setStatusTarget({ row: r, status: e.key as RegistrationStatus }),
                    }}
                  >
                    <Button size="small" type="link" aria-label={`更改 ${r.trainee.name} 的状态`}>
                      状态
                    </Button>
                  </Dropdown>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <RegistrationForm editing={editing} sessions={sessions ?? []} open={formOpen} onClose={() => setFormOpen(false)} />
      <ImportWizard
        open={importOpen}
        onClose={({ imported }) => {
          // After an import the next thing is finding the new rows; otherwise back to the button.
          if (imported) importFocus(searchRef.current?.input);
          setImportOpen(false);
        }}
        sessions={sessions ?? []}
      />
      <StatusDialog target={statusTarget} onClose={() => setStatusTarget(null)} />
    </div>
  );
}
