/**
 * The roster's printables: 花名册 (Excel or PDF), 胸牌, 桌签 and the 考勤统计表. Each button asks
 * where to save (in the window), writes the file through the services, then offers to open its
 * folder (in the browser harness, the file is downloaded).
 */
import { Button, Space } from 'antd';
import { useState } from 'react';
import type { FileFilter } from '../../../shared/bridge';
import type { WrittenFile } from '../../../shared/domain/importTypes';
import type { SessionSummary } from '../../../shared/domain/types';
import { call } from '../../api';
import { chooseSaveTarget, deliverExport, PDF_FILTER, XLSX_FILTER } from '../../components/files';
import { useLoad } from '../../components/useLoad';
import { useSavedNotice } from '../../components/SavedNotice';
import { useApp } from '../../stores/app';

type Kind = 'rosterXlsx' | 'rosterPdf' | 'badges' | 'tents' | 'report';

const KINDS: { kind: Kind; label: string; name: string; filter: FileFilter }[] = [
  { kind: 'rosterXlsx', label: '花名册（Excel）', name: '花名册', filter: XLSX_FILTER },
  { kind: 'rosterPdf', label: '花名册（PDF）', name: '花名册', filter: PDF_FILTER },
  { kind: 'badges', label: '胸牌（PDF）', name: '胸牌', filter: PDF_FILTER },
  { kind: 'tents', label: '桌签（PDF）', name: '桌签', filter: PDF_FILTER },
  { kind: 'report', label: '考勤统计表（Excel）', name: '考勤统计表', filter: XLSX_FILTER },
];

function write(kind: Kind, sessionId: number, target: { out?: string }): Promise<WrittenFile> {
  if (kind === 'rosterXlsx') return call('rosters.exportRoster', { sessionId, format: 'xlsx', ...target });
  if (kind === 'rosterPdf') return call('rosters.exportRoster', { sessionId, format: 'pdf', ...target });
  if (kind === 'badges') return call('rosters.exportBadges', { sessionId, ...target });
  if (kind === 'tents') return call('rosters.exportTableTents', { sessionId, ...target });
  return call('attendance.exportReport', { sessionId, ...target });
}

export function RosterExports({ sessionId }: { sessionId: number }) {
  const saved = useSavedNotice();
  const programmeId = useApp((s) => s.programmeId);
  const year = useApp((s) => s.programmes.find((p) => p.id === s.programmeId)?.year ?? '');
  const sessions = useLoad<SessionSummary[]>(() => (programmeId ? call('sessions.list', { programmeId }) : null), [programmeId]);
  const number = sessions.data?.find((s) => s.id === sessionId)?.number;
  const [busy, setBusy] = useState<Kind | null>(null);

  async function run(k: (typeof KINDS)[number]) {
    const ext = k.filter.extensions[0];
    const target = await chooseSaveTarget(`${k.name}-${year}年第${number ?? ''}期.${ext}`, [k.filter]);
    if (!target) return;
    setBusy(k.kind);
    try {
      const written = await write(k.kind, sessionId, target);
      await deliverExport(written, saved);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Space wrap data-testid="roster-exports">
      {KINDS.map((k) => (
        <Button key={k.kind} onClick={() => void run(k)} loading={busy === k.kind} disabled={busy !== null && busy !== k.kind}>
          {k.label}
        </Button>
      ))}
    </Space>
  );
}
