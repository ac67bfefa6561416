/** Apportionment of places among regions: five methods, bounds and locks, exact arithmetic. */
export * from './types';
export { ApportionError, type ApportionErrorReason } from './errors';
export { apportion, compareMethods } from './apportion';
export { MAX_SEATS } from './prepare';
export { parseWeightsTable, type WeightsTable } from './csv';
