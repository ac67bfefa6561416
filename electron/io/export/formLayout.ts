/**
 * The 学员报名表 grid, shared by the xlsx and the PDF writer so both print the same form:
 * a section column on the left (个人信息 / 企业信息 / 推荐单位意见), then label | value | label | value.
 */
import type { Programme } from '../../../shared/domain/types';
import { programmeHeading } from './rowText';

/** One line of the grid: two label/value pairs, or one label whose value spans the whole width. */
export type FormLine = { pair: [string, string] } | { wide: string };

export interface FormSection {
  title: string;
  lines: FormLine[];
}

export const FORM_SECTIONS: readonly FormSection[] = [
  {
    title: '个人信息',
    lines: [
      { pair: ['姓名', '性别'] },
      { pair: ['民族', '出生年月'] },
      { pair: ['政治面貌', '学历'] },
      { pair: ['身份证号', '期次'] },
      { pair: ['职务', '是否企业主要负责人'] },
      { pair: ['手机', '电子邮箱'] },
    ],
  },
  {
    title: '企业信息',
    lines: [{ wide: '企业名称' }, { pair: ['统一社会信用代码', '所在地区'] }, { pair: ['所属行业', '是否制造业'] }, { wide: '企业类型' }],
  },
];

export const OPINION_TITLE = '推荐单位意见';
export const OPINION_SIGNATURE = '（盖章）';
export const OPINION_DATE = '年\u3000\u3000月\u3000\u3000日';

export function formTitle(p: Programme): string {
  return `${programmeHeading(p)}学员报名表`;
}
