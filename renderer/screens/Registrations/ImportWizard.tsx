import { InboxOutlined, MinusCircleOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Drawer,
  Progress,
  Result,
  Segmented,
  Select,
  Space,
  Statistic,
  Steps,
  Switch,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { FIELD_DEFS, FIELD_LABELS, type FieldKey } from '../../../shared/domain/fields';
import type { ImportPreview, ImportPreviewRow, ImportResult } from '../../../shared/domain/importTypes';
import type { SessionSummary } from '../../../shared/domain/types';
import { call, newJobId } from '../../api';
import { chooseSaveTarget, deliverExport, pickedFromBrowser, XLSX_FILTER, type PickedFile } from '../../components/files';
import { RegionSelect } from '../../components/RegionSelect';
import { NO_DELAYED_FOCUS } from '../../components/useReturnFocus';
import { useApp } from '../../stores/app';

type Filter = 'all' | 'error' | 'warning' | 'ok';
const STATUS_TAG = { ok: <Tag color="green">可导入</Tag>, warning: <Tag color="orange">有提醒</Tag>, error: <Tag color="red">有错误</Tag> };

/**
 * File → column mapping → dry run → commit → report, with progress and cancel. `onClose` says whether
 * rows were imported, so the screen can put focus where the user goes next.
 */
export function ImportWizard({
  open,
  onClose,
  sessions,
}: {
  open: boolean;
  onClose: (outcome: { imported: boolean }) => void;
  sessions: SessionSummary[];
}) {
  const { programmeId, changed } = useApp();
  const { message } = App.useApp();
  const [file, setFile] = useState<PickedFile | null>(null);
  // Past the first page of a dry run, the rows of the chosen filter come from the service.
  const [paged, setPaged] = useState<{ filter: Filter; total: number; rows: ImportPreviewRow[] } | null>(null);
  const [sessionNumber, setSession] = useState<number | undefined>();
  const [regionCode, setRegion] = useState<string | undefined>();
  const [mapping, setMapping] = useState<Record<string, FieldKey | null>>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [progress, setProgress] = useState<{ percent: number; text: string } | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const [strict, setStrict] = useState(false);
  const [showMapping, setShowMapping] = useState(false);
  // Whether 核对列 was on screen in this run: when every column was recognised it is skipped, and says so.
  const [mappingShown, setMappingShown] = useState(false);

  const reset = () => {
    setFile(null);
    setPreview(null);
    setResult(null);
    setMapping({});
    setProgress(null);
    setShowMapping(false);
    setMappingShown(false);
  };
  const close = () => {
    const imported = (result?.imported ?? 0) > 0;
    reset();
    onClose({ imported });
  };

  const runPreview = async (f = file, m = mapping) => {
    if (!f || !programmeId) return;
    const id = newJobId();
    setJobId(id);
    setProgress({ percent: 0, text: '正在读取文件…' });
    try {
      const p = await call(
        'imports.preview',
        { programmeId, file: { path: f.path, name: f.name }, sessionNumber, regionCode, mapping: Object.keys(m).length ? m : undefined },
        { jobId: id, onProgress: (e) => setProgress({ percent: e.total ? Math.round((e.done / e.total) * 100) : 0, text: e.message }) },
      );
      setPreview(p);
      setPaged(null);
      setFilter('all');
      setShowMapping(p.needsMapping);
      if (p.needsMapping) setMappingShown(true);
      setMapping(Object.fromEntries(p.columns.map((c) => [c.header, c.field])));
    } finally {
      setProgress(null);
      setJobId(null);
    }
  };

  const commit = async () => {
    if (!preview) return;
    const id = newJobId();
    setJobId(id);
    setProgress({ percent: 0, text: '正在写入…' });
    try {
      const r = await call(
        'imports.commit',
        { importId: preview.importId, strict },
        { jobId: id, onProgress: (e) => setProgress({ percent: e.total ? Math.round((e.done / e.total) * 100) : 0, text: e.message }) },
      );
      setResult(r);
      changed();
      message.success(`已导入 ${r.imported} 条报名${r.waitlisted ? `，其中 ${r.waitlisted} 条超出名额列入候补` : ''}`);
    } finally {
      setProgress(null);
      setJobId(null);
    }
  };

  const downloadReport = async () => {
    if (!preview) return;
    const target = await chooseSaveTarget(`${preview.fileName.replace(/\.(xlsx|csv|txt)$/i, '')}-错误报告.xlsx`, [XLSX_FILTER]);
    if (!target) return;
    const written = await call('imports.errorReport', { importId: preview.importId, ...target });
    await deliverExport(written, (text) => void message.success(text));
  };

  const showFilter = (f: Filter) => {
    setFilter(f);
    if (!preview || preview.rows.length >= preview.counts.rows) return setPaged(null);
    void call('imports.rows', { importId: preview.importId, status: f === 'all' ? undefined : f, limit: 5000 }).then((r) =>
      setPaged({ filter: f, ...r }),
    );
  };

  const step = result ? 3 : preview && !showMapping ? 2 : preview ? 1 : 0;
  const mappingSkipped = step >= 2 && !mappingShown;
  const rows = paged && paged.filter === filter ? paged.rows : (preview?.rows ?? []).filter((r) => filter === 'all' || r.status === filter);
  const importable = preview ? preview.counts.ok + (strict ? 0 : preview.counts.warning) : 0;

  return (
    <Drawer title="导入报名表" open={open} onClose={close} size={1180} destroyOnHidden focusable={NO_DELAYED_FOCUS}>
      <Steps
        current={step}
        size="small"
        style={{ marginBottom: 20 }}
        items={[
          { title: '选择文件' },
          mappingSkipped
            ? { title: '核对列', status: 'wait', icon: <MinusCircleOutlined />, content: '已跳过：各列已自动对应' }
            : { title: '核对列' },
          { title: '预检' },
          { title: '完成' },
        ]}
      />
      {progress && (
        <Space style={{ width: '100%', marginBottom: 16 }} orientation="vertical">
          <Typography.Text>{progress.text}</Typography.Text>
          <Progress percent={progress.percent} status="active" />
          {jobId && (
            <Button danger size="small" onClick={() => void call('jobs.cancel', { jobId })}>
              取消
            </Button>
          )}
        </Space>
      )}
      {step === 0 && (
        <>
          <Upload.Dragger
            // Low enough that 期次, 地区 and 下一步 stay in view on a 1366×768 laptop.
            height={176}
            accept=".xlsx,.xls,.csv,.txt"
            multiple={false}
            showUploadList={false}
            beforeUpload={(f) => {
              pickedFromBrowser(f).then(setFile, (e: Error) => void message.error(e.message));
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>点击或拖入报名汇总表、学员报名表（.xlsx、.csv 或 Unicode 文本）</p>
            <p className="ant-upload-hint">支持标题行、填报单位行、合并表头、全角字符；旧版 .xls 请先在 Excel/WPS 中另存为 .xlsx。</p>
          </Upload.Dragger>
          {file && <Alert style={{ marginTop: 12 }} type="info" showIcon title={`已选择：${file.name}`} />}
          <Space style={{ marginTop: 16 }} wrap>
            <Select
              aria-label="导入到期次"
              allowClear
              placeholder="期次：按表中「期次」列"
              style={{ width: 220 }}
              value={sessionNumber}
              onChange={setSession}
              options={sessions.map((s) => ({ value: s.number, label: `全部导入第${s.number}期` }))}
            />
            <RegionSelect
              aria-label="推荐地区"
              allowClear
              placeholder="地区：按表中「所在地区」或填报单位"
              style={{ width: 280 }}
              value={regionCode}
              onChange={setRegion}
            />
            <Button type="primary" disabled={!file || !!progress} onClick={() => void runPreview()}>
              下一步：预检
            </Button>
          </Space>
        </>
      )}
      {step === 1 && preview && (
        <>
          {preview.missingRequired.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`没有找到这些必填列：${preview.missingRequired.map((f) => FIELD_LABELS[f]).join('、')}。请为表中的列指定对应的字段。`}
            />
          )}
          <Table
            size="small"
            rowKey="index"
            pagination={false}
            dataSource={preview.columns}
            columns={[
              {
                title: '表中的列',
                dataIndex: 'header',
                render: (h: string) => h || <Typography.Text type="secondary">（无表头）</Typography.Text>,
              },
              {
                title: '对应字段',
                render: (_, c) => (
                  <Select
                    aria-label={`列「${c.header}」对应字段`}
                    style={{ width: 240 }}
                    value={mapping[c.header] ?? '__ignore'}
                    onChange={(v: string) => setMapping({ ...mapping, [c.header]: v === '__ignore' ? null : (v as FieldKey) })}
                    options={[{ value: '__ignore', label: '（不导入）' }, ...FIELD_DEFS.map((f) => ({ value: f.key, label: f.label }))]}
                  />
                ),
              },
            ]}
          />
          <Space style={{ marginTop: 16, width: '100%', justifyContent: 'flex-end' }}>
            <Button onClick={reset}>重新选择文件</Button>
            <Button type="primary" onClick={() => void runPreview(file, mapping)}>
              按此对应预检（下次同样格式的表自动沿用）
            </Button>
          </Space>
        </>
      )}
      {step === 2 && preview && (
        <>
          <Space size="large" style={{ marginBottom: 12 }} wrap>
            <Statistic title="数据行" value={preview.counts.rows} />
            <Statistic title="可导入" value={preview.counts.ok} styles={{ content: { color: '#389e0d' } }} />
            <Statistic title="有提醒" value={preview.counts.warning} styles={{ content: { color: '#d48806' } }} />
            <Statistic title="有错误" value={preview.counts.error} styles={{ content: { color: '#cf1322' } }} />
            <Statistic title="跳过" value={preview.counts.skipped} />
          </Space>
          {preview.notices.map((n) => (
            <Alert key={n.message} type="warning" showIcon style={{ marginBottom: 12 }} title={n.message} />
          ))}
          {preview.counts.overQuota > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`${preview.counts.overQuota} 条超出所在地区本期名额（OVER_QUOTA）：导入时按表中顺序列入候补，不占名额，名额调剂后可递补。`}
            />
          )}
          <Typography.Paragraph type="secondary">
            {preview.fileName} · 工作表「{preview.sheetName}」· 表头在第 {preview.headerRow} 行
            {preview.titleText ? ` · ${preview.titleText}` : ''}
            {preview.reportingUnit ? ` · 填报单位：${preview.reportingUnit}` : ''}
          </Typography.Paragraph>
          {preview.skipped.length > 0 && (
            <Typography.Paragraph type="secondary">
              已跳过：
              {preview.skipped
                .slice(0, 8)
                .map((s) => `第 ${s.rowNumber} 行（${s.reason}）`)
                .join('；')}
            </Typography.Paragraph>
          )}
          <Space style={{ marginBottom: 12 }} wrap>
            <Segmented<Filter>
              value={filter}
              onChange={showFilter}
              options={[
                { value: 'all', label: '全部' },
                { value: 'error', label: '有错误' },
                { value: 'warning', label: '有提醒' },
                { value: 'ok', label: '可导入' },
              ]}
            />
            <Button onClick={() => (setShowMapping(true), setMappingShown(true))}>调整列对应</Button>
            <Button disabled={preview.counts.error + preview.counts.warning === 0} onClick={() => void downloadReport()}>
              下载错误报告（标红）
            </Button>
            <Space>
              <Switch checked={strict} onChange={setStrict} aria-label="严格模式" />
              <span>严格模式（有提醒的行也不导入）</span>
            </Space>
          </Space>
          {rows.length < (filter === 'all' ? preview.counts.rows : preview.counts[filter]) && (
            <Typography.Paragraph type="secondary">
              列出其中 {rows.length} 行（共 {filter === 'all' ? preview.counts.rows : preview.counts[filter]}{' '}
              行，有问题的行在前）；完整的问题清单请下载错误报告。
            </Typography.Paragraph>
          )}
          <Table<ImportPreviewRow>
            size="small"
            rowKey="rowNumber"
            virtual
            scroll={{ y: 420, x: 1100 }}
            pagination={false}
            dataSource={rows}
            columns={[
              { title: '行', dataIndex: 'rowNumber', width: 60 },
              { title: '状态', dataIndex: 'status', width: 80, render: (s: ImportPreviewRow['status']) => STATUS_TAG[s] },
              { title: '姓名', dataIndex: 'name', width: 90 },
              { title: '身份证号', dataIndex: 'idNumber', width: 170 },
              { title: '企业名称', dataIndex: 'enterpriseName', width: 220, ellipsis: true },
              { title: '期次', dataIndex: 'sessionNumber', width: 60, render: (n: number | null) => (n ? `第${n}期` : '—') },
              { title: '地区', dataIndex: 'regionName', width: 90 },
              {
                title: '问题',
                render: (_, r) =>
                  r.issues.map((i, k) => (
                    <div key={k} style={{ color: i.severity === 'error' ? '#cf1322' : '#d48806' }}>
                      {i.column ? `【${i.column}】` : ''}
                      {i.message}
                    </div>
                  )),
              },
            ]}
          />
          <Space style={{ marginTop: 16, width: '100%', justifyContent: 'flex-end' }}>
            <Button onClick={reset}>取消，重新选择</Button>
            <Button type="primary" disabled={importable === 0 || !!progress} onClick={() => void commit()}>
              导入 {importable} 条有效记录
            </Button>
          </Space>
        </>
      )}
      {step === 3 && result && preview && (
        <Result
          status={result.rejected ? 'warning' : 'success'}
          title={`已导入 ${result.imported} 条报名`}
          subTitle={`${result.waitlisted ? `其中 ${result.waitlisted} 条超出所在地区名额，已列入候补。` : ''}未导入 ${result.rejected} 条，提醒 ${result.warnings} 处。${result.backup ? `导入前已自动备份：${result.backup}` : ''}`}
          extra={
            <Space>
              {result.rejected + result.warnings > 0 && <Button onClick={() => void downloadReport()}>下载错误报告</Button>}
              <Button type="primary" onClick={close}>
                完成
              </Button>
            </Space>
          }
        />
      )}
    </Drawer>
  );
}
