import { Select, type SelectProps } from 'antd';
import { REGIONS } from '../../shared/regions';

const OPTIONS = REGIONS.map((r) => ({ value: r.code, label: r.name }));

/** The 37 recommending regions, searchable by name. */
export function RegionSelect(props: Omit<SelectProps<string>, 'options' | 'showSearch'>) {
  return <Select showSearch={{ optionFilterProp: 'label' }} options={OPTIONS} {...props} />;
}
