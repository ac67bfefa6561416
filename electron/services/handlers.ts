import type { MethodName } from '../../shared/methodNames';
import type { Output, ParsedInput } from '../../shared/contract';
import type { CallContext } from './context';

/** The shape each service area fills part of; merged, they must cover the whole contract. */
export type Handlers = {
  [K in MethodName]: (input: ParsedInput<K>, call: CallContext) => Output<K> | Promise<Output<K>>;
};
