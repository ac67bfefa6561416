/** What each write is called on screen, for messages about an interrupted operation. */
import type { MethodName } from './methodNames';

export const METHOD_LABELS: Partial<Record<MethodName, string>> = {
  'settings.update': '保存设置',
  'programmes.create': '新建培训项目',
  'programmes.update': '修改培训项目',
  'sessions.create': '新增期次',
  'sessions.update': '修改期次',
  'registrations.create': '新增报名',
  'registrations.update': '修改报名',
  'registrations.setStatus': '更改报名状态',
  'imports.preview': '预检导入文件',
  'imports.commit': '导入报名表',
  'backups.create': '备份数据',
  'backups.restore': '从备份恢复',
  'demo.seed': '生成演示数据',
  'exports.summary': '导出报名汇总表',
  'exports.forms': '导出学员报名表',
  'imports.errorReport': '导出错误报告',
};

export function methodLabel(m: string): string {
  return METHOD_LABELS[m as MethodName] ?? '查询';
}
