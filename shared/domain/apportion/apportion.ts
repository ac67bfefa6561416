import { divisor } from './divisor';
import { ApportionError } from './errors';
import { decimalText } from './exact';
import { hamilton } from './hamilton';
import { prepare } from './prepare';
import {
  APPORTION_METHODS,
  METHOD_FAMILY,
  METHOD_LABELS,
  TIE_RULE,
  isApportionMethod,
  type ApportionInput,
  type ApportionMethod,
  type ApportionResult,
} from './types';

/**
 * Apportions `seats` places among the regions by the method. Pure and deterministic: the same input
 * always gives the same output. Throws ApportionError (a VALIDATION AppError, Chinese message naming
 * the numbers) for an impossible or malformed request.
 */
export function apportion(input: ApportionInput): ApportionResult {
  const method = input.method as string;
  if (!isApportionMethod(method))
    throw new ApportionError('METHOD_UNKNOWN', `未知的分配方法「${method}」，可用：${APPORTION_METHODS.join('、')}。`, { method });
  const p = prepare(input);
  const family = METHOD_FAMILY[method];
  const { allocations, ties, notes, quotasRescaled } =
    family === 'hamilton' ? hamilton(p) : { ...divisor(family, p), quotasRescaled: false };
  return {
    method,
    family,
    methodLabel: METHOD_LABELS[method],
    seats: p.seats,
    totalWeight: decimalText({ int: p.total, scale: p.scale }),
    allocations,
    ties,
    tieRule: TIE_RULE,
    notes,
    quotasRescaled,
  };
}

/** The same request under several methods, for showing them side by side before applying one. */
export function compareMethods(
  input: Omit<ApportionInput, 'method'>,
  methods: readonly ApportionMethod[] = ['hamilton', 'webster', 'dhondt', 'huntington-hill', 'adams'],
): ApportionResult[] {
  return methods.map((method) => apportion({ ...input, method }));
}
