import { AppError } from '../../result';

/** Why an apportionment cannot be made; `details` carries the numbers the message names. */
export type ApportionErrorReason =
  | 'METHOD_UNKNOWN'
  | 'SEATS_INVALID'
  | 'NO_REGIONS'
  | 'NAME_MISSING'
  | 'NAME_DUPLICATE'
  | 'WEIGHT_INVALID'
  | 'WEIGHT_NEGATIVE'
  | 'BOUND_INVALID'
  | 'MIN_ABOVE_MAX'
  | 'MIN_SUM_ABOVE_SEATS'
  | 'MAX_SUM_BELOW_SEATS'
  | 'ZERO_TOTAL_WEIGHT'
  | 'CSV_INVALID';

/** An impossible or malformed apportionment request: a VALIDATION error with a Chinese message. */
export class ApportionError extends AppError {
  constructor(
    readonly reason: ApportionErrorReason,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super('VALIDATION', message, { reason, ...details });
    this.name = 'ApportionError';
  }
}
