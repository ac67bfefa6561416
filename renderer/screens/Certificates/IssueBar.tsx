import { Button, Input, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { formatChineseDate, type ChineseDateStyle } from '../../../shared/domain/chineseDate';

/**
 * 发放证书: numbers for every trainee whose result is 结业 and who has none yet. The issue date is
 * chosen here (default: the session's last day) and its written form is the template's `dateStyle`.
 */
export function IssueBar(props: {
  defaultDate: string;
  dateStyle: ChineseDateStyle;
  onDateStyle: (s: ChineseDateStyle) => void;
  eligibleWithout: number;
  busy: boolean;
  onIssue: (issueDate: string) => void;
}) {
  const [date, setDate] = useState<string | null>(null);
  const value = date ?? props.defaultDate;
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(value);
  return (
    <Space wrap align="center">
      <Typography.Text>落款日期</Typography.Text>
      <Input type="date" aria-label="落款日期" style={{ width: 160 }} value={value} onChange={(e) => setDate(e.target.value)} />
      <Radio.Group
        aria-label="日期写法"
        value={props.dateStyle}
        onChange={(e) => props.onDateStyle(e.target.value as ChineseDateStyle)}
        options={[
          { value: 'digits', label: valid ? formatChineseDate(value, 'digits') : '2025年6月26日' },
          { value: 'chinese', label: valid ? formatChineseDate(value, 'chinese') : '二〇二五年六月二十六日' },
        ]}
      />
      <Button type="primary" disabled={!valid || props.eligibleWithout === 0} loading={props.busy} onClick={() => props.onIssue(value)}>
        {props.eligibleWithout ? `为 ${props.eligibleWithout} 名结业学员发放证书` : '结业学员均已发证'}
      </Button>
    </Space>
  );
}
