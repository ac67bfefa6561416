import {
  CalendarOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FolderOpenOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  StarOutlined,
  TeamOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { Layout, Menu, Select, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { programmeLabel } from '../shared/domain/types';
import { ErrorCenter } from './components/ErrorCenter';
import { KioskForm } from './screens/Evaluation/KioskForm';
import { useApp, type ScreenKey } from './stores/app';
import { useKiosk } from './stores/kiosk';

// Each screen is its own chunk, loaded when first opened: the start-up bundle carries the frame only
// (ECharts comes with the overview's charts, a chunk of its own inside the overview).
const AttendanceScreen = lazy(() => import('./screens/Attendance/AttendanceScreen').then((m) => ({ default: m.AttendanceScreen })));
const CertificatesScreen = lazy(() => import('./screens/Certificates/CertificatesScreen').then((m) => ({ default: m.CertificatesScreen })));
const DataScreen = lazy(() => import('./screens/Data/DataScreen').then((m) => ({ default: m.DataScreen })));
const EnterprisesScreen = lazy(() => import('./screens/Enterprises/EnterprisesScreen').then((m) => ({ default: m.EnterprisesScreen })));
const EvaluationScreen = lazy(() => import('./screens/Evaluation/EvaluationScreen').then((m) => ({ default: m.EvaluationScreen })));
const OverviewScreen = lazy(() => import('./screens/Overview/OverviewScreen').then((m) => ({ default: m.OverviewScreen })));
const PlanScreen = lazy(() => import('./screens/Plan/PlanScreen').then((m) => ({ default: m.PlanScreen })));
const RegistrationsScreen = lazy(() =>
  import('./screens/Registrations/RegistrationsScreen').then((m) => ({ default: m.RegistrationsScreen })),
);
const RostersScreen = lazy(() => import('./screens/Rosters/RostersScreen').then((m) => ({ default: m.RostersScreen })));
const SettingsScreen = lazy(() => import('./screens/Settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })));

const MENU: { key: ScreenKey; label: string; icon: ReactNode }[] = [
  { key: 'overview', label: '概览', icon: <DashboardOutlined /> },
  { key: 'plan', label: '年度计划与名额', icon: <CalendarOutlined /> },
  { key: 'registrations', label: '学员报名', icon: <UserAddOutlined /> },
  { key: 'rosters', label: '培训班与花名册', icon: <TeamOutlined /> },
  { key: 'attendance', label: '签到考勤', icon: <CheckSquareOutlined /> },
  { key: 'completion', label: '结业与证书', icon: <SafetyCertificateOutlined /> },
  { key: 'evaluation', label: '培训效果评价', icon: <StarOutlined /> },
  { key: 'enterprises', label: '信息档案', icon: <FolderOpenOutlined /> },
  { key: 'data', label: '数据与备份', icon: <DatabaseOutlined /> },
  { key: 'settings', label: '设置', icon: <SettingOutlined /> },
];

function Screen({ screen }: { screen: ScreenKey }) {
  switch (screen) {
    case 'overview':
      return <OverviewScreen />;
    case 'plan':
      return <PlanScreen />;
    case 'registrations':
      return <RegistrationsScreen />;
    case 'rosters':
      return <RostersScreen />;
    case 'attendance':
      return <AttendanceScreen />;
    case 'completion':
      return <CertificatesScreen />;
    case 'evaluation':
      return <EvaluationScreen />;
    case 'enterprises':
      return <EnterprisesScreen />;
    case 'data':
      return <DataScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}

export function Shell() {
  const { screen, go, programmes, programmeId, selectProgramme, refresh, loaded, settings } = useApp();
  const kiosk = useKiosk((s) => s.kiosk !== null);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Kiosk mode (issue 10 §2b): the evaluation form and nothing else — no menu, no header, no screen.
  if (kiosk) return <KioskForm />;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="dark" breakpoint="lg">
        <div className="brand">
          培训台账
          <small>中小企业经营管理领军人才培训</small>
        </div>
        <Menu theme="dark" mode="inline" selectedKeys={[screen]} items={MENU} onClick={(e) => go(e.key as ScreenKey)} aria-label="主菜单" />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}
        >
          <Space>
            <Typography.Text type="secondary">培训项目</Typography.Text>
            <Select
              aria-label="切换培训项目"
              data-testid="programme-switcher"
              style={{ minWidth: 380 }}
              placeholder="尚无培训项目，请在「年度计划与名额」中新建"
              value={programmeId ?? undefined}
              onChange={selectProgramme}
              options={programmes.map((p) => ({ value: p.id, label: programmeLabel(p) }))}
            />
          </Space>
          <Space size="middle">
            <ErrorCenter />
            <Typography.Text type="secondary">操作员：{settings?.operatorName ?? '…'}</Typography.Text>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          {loaded ? (
            <Suspense fallback={<Spin size="large" />}>
              <Screen screen={screen} />
            </Suspense>
          ) : (
            <Spin size="large" />
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
