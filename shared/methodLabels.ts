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
  // The plan screen (shared/quotaContract.ts); test/unit/methodLabels.test.ts checks none is missing.
  'quotas.set': '修改名额',
  'quotas.revert': '撤销名额修改',
  'quotas.confirm': '确认名额分配表',
  'quotas.apportionApply': '应用名额分配结果',
  'quotas.import': '导入名额分配表',
  'quotas.export': '导出名额分配表',
  'contacts.set': '修改工作信息',
  'contacts.import': '导入工作信息表',
  'contacts.export': '导出工作信息表',
  'sessions.setSlots': '修改期次日程',
  'programmes.copy': '复制上年计划',
};

export function methodLabel(m: string): string {
  return METHOD_LABELS[m as MethodName] ?? '查询';
}
