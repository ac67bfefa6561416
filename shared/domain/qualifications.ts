/**
 * The enterprise titles (企业类型) the registration form offers and the demo data draws from. The
 * form also takes any other text: a title the list lacks is kept as written.
 */
export const ENTERPRISE_QUALIFICATIONS = [
  '专精特新中小企业',
  '专精特新"小巨人"企业',
  '创新型中小企业',
  '科技型中小企业',
  '制造业单项冠军企业',
  '瞪羚企业',
  '独角兽企业',
  '高新技术企业',
] as const;
