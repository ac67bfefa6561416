/** Apportionment: distributing a whole number of places among regions in proportion to weights. */

/** The method names accepted (CLI and UI); aliases name the same rule. */
export const APPORTION_METHODS = ['hamilton', 'webster', 'sainte-lague', 'dhondt', 'jefferson', 'huntington-hill', 'adams'] as const;
export type ApportionMethod = (typeof APPORTION_METHODS)[number];

/** The five rules behind the seven names. */
export type MethodFamily = 'hamilton' | 'webster' | 'dhondt' | 'huntington-hill' | 'adams';

export const METHOD_FAMILY: Record<ApportionMethod, MethodFamily> = {
  hamilton: 'hamilton',
  webster: 'webster',
  'sainte-lague': 'webster',
  dhondt: 'dhondt',
  jefferson: 'dhondt',
  'huntington-hill': 'huntington-hill',
  adams: 'adams',
};

export const METHOD_LABELS: Record<ApportionMethod, string> = {
  hamilton: '汉密尔顿法（最大余数法）',
  webster: '韦伯斯特法（圣拉古法）',
  'sainte-lague': '圣拉古法（韦伯斯特法）',
  dhondt: '汉狄法（杰斐逊法）',
  jefferson: '杰斐逊法（汉狄法）',
  'huntington-hill': '亨廷顿-希尔法（等比例法）',
  adams: '亚当斯法',
};

export function isApportionMethod(name: string): name is ApportionMethod {
  return (APPORTION_METHODS as readonly string[]).includes(name);
}

/** One region as typed, pasted or imported. */
export interface RegionInput {
  name: string;
  /** A non-negative decimal: `"1234"`, `"0.25"`, 1234, 1234n. Strings keep every digit exactly. */
  weight: string | number | bigint;
  /** Fewest places (default: the input's defaultMin, else 0). */
  min?: number;
  /** Most places (default: the input's defaultMax, else no limit). */
  max?: number;
  /** Locked: the region gets exactly its minimum. */
  locked?: boolean;
}

export interface ApportionInput {
  method: ApportionMethod;
  seats: number;
  regions: readonly RegionInput[];
  /** Minimum for regions without their own. */
  defaultMin?: number;
  /** Maximum for regions without their own. */
  defaultMax?: number;
}

/** What held a region where it is: its minimum, its maximum, its lock, or nothing (the weights alone). */
export type Bound = 'min' | 'max' | 'lock' | 'none';

export const BOUND_LABELS: Record<Bound, string> = { min: '最小名额', max: '最大名额', lock: '锁定', none: '' };

export interface RegionAllocation {
  /** Position in the input (0-based). */
  index: number;
  name: string;
  /** The weight as a canonical decimal string (no exponent, no trailing zeros). */
  weight: string;
  seats: number;
  min: number;
  /** null: no maximum. */
  max: number | null;
  locked: boolean;
  /** The standard quota, seats × weight ÷ total weight, rounded to 6 decimals. */
  quota: string;
  /** The same, exact: `p/q` in lowest terms. */
  quotaExact: string;
  /**
   * Hamilton: the quota after the bounds (a bound region's is its bound; the others share what is
   * left in proportion to their weights); null for divisor methods.
   */
  boundedQuota: string | null;
  /** Hamilton: the fractional part of boundedQuota that ranked the region for a remaining place. */
  remainder: string | null;
  /**
   * Divisor methods: the priority (weight ÷ divisor) with which the region won its last place in the
   * priority round, in weight units; null when it won none there (all its places came from its minimum).
   */
  lastPriority: string | null;
  /** Divisor methods: the priority its next place would have had; null when it could take no more. */
  nextPriority: string | null;
  bound: Bound;
}

/** Regions whose claims on the last place(s) are exactly equal: the rule decided, not the weights. */
export interface ApportionTie {
  /** The first contested place, counting every place in the order given (1-based). */
  seat: number;
  /** How many places the tied regions competed for. */
  contested: number;
  /** All the tied regions, in input order. */
  regions: string[];
  /** Those that got a contested place under the tie rule. */
  winners: string[];
  /** One Chinese sentence naming the regions, the place and the rule. */
  message: string;
}

export interface ApportionResult {
  /** As asked (aliases kept). */
  method: ApportionMethod;
  family: MethodFamily;
  methodLabel: string;
  seats: number;
  /** Sum of the weights, canonical decimal. */
  totalWeight: string;
  /** In input order. */
  allocations: RegionAllocation[];
  ties: ApportionTie[];
  /** The deterministic tie rule, stated. */
  tieRule: string;
  /** How the bounds were applied, when they mattered (Chinese, for the comparison screen). */
  notes: string[];
  /**
   * Hamilton only: the bound regions took or left more places than the remainder round could settle,
   * so the other regions' quotas were recomputed over the places left (see boundedQuota).
   */
  quotasRescaled: boolean;
}

export const TIE_RULE =
  '优先值（或余数）完全相同时，输入中靠前的地区优先；这样的平局都会列出，不会悄悄决定。亚当斯法、亨廷顿-希尔法中尚无名额的地区优先值为无穷大，它们之间权重大者优先，权重也相同才算平局。';
