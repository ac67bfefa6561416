/**
 * An in-memory index of registrations for the list screen: search text (name, pinyin, initials,
 * ID number, mobile, enterprise, credit code), filter fields and list order (期次, 地区, id).
 *
 * One index per database file, shared by every connection of this thread (the engine's write and
 * read connections), built on first use and then kept current incrementally: the services tell it
 * what a committed write touched (`registrationsWritten`), never before the COMMIT, so rows of an
 * open or rolled-back transaction never show. The whole index is rebuilt only on first use and
 * when another process (or a restore through another connection) changed the file: the write
 * connection's `PRAGMA data_version` changes only then, since a connection's own commits leave its
 * data_version alone (the read connection's would change on every commit of ours).
 *
 * Search and list order read typed arrays and the texts of substringIndex.ts; no object per entry
 * is touched by a query.
 */
import { prepared } from '../db/statements';
import { REGISTRATION_STATUSES, type RegistrationStatus } from '../../shared/domain/types';
import { REGIONS } from '../../shared/regions';
import type { Db } from '../db/connection';
import { CHUNK, SubstringIndex } from './substringIndex';

interface Entry {
  id: number;
  programmeId: number;
  sessionId: number | null;
  sessionNumber: number | null;
  regionCode: string;
  status: RegistrationStatus;
  /** Position in its programme's slot list; the search structures point at slots. */
  slot: number;
}

/** What a committed write touched: its registrations are read again from the store. */
export interface IndexChange {
  registrations?: readonly number[];
  /** Every registration of these trainees / enterprises (their name or codes may have changed). */
  trainees?: readonly number[];
  enterprises?: readonly number[];
  /** Every registration with a larger id (the rows an import added). */
  since?: number;
}

export interface IndexQuery {
  programmeId: number;
  sessionNumber?: number;
  regionCode?: string;
  status?: RegistrationStatus;
  search?: string;
}

/** Replaced entries leave dead slots behind; past this share the programme's slots are packed. */
const MAX_DEAD_SHARE = 0.5;

/**
 * List order (期次, unassigned last; then 地区; then id — as ORDER BY s.number IS NULL, s.number,
 * region_code, id) as one number per entry, so ordering and filtering read typed arrays only:
 * session rank (0–1022, 1023 = none) · 64 + region rank (0–62) · 2^37 + id, below 2^53.
 */
const ID_SPAN = 2 ** 37;
const REGION_SPAN = 64;
const NO_SESSION = 1023;
const REGION_RANK = new Map(
  [...REGIONS]
    .map((r) => r.code)
    .sort()
    .map((code, i) => [code, i]),
);
const UNKNOWN_REGION = REGION_SPAN - 1;
const STATUS_CODE = new Map<RegistrationStatus, number>(REGISTRATION_STATUSES.map((s, i) => [s, i + 1]));

/** Session numbers past 1022 share a rank (the contract filters up to 999). */
const sessionRank = (n: number | null): number => (n === null ? NO_SESSION : Math.min(n, NO_SESSION - 1));

function sortKey(e: Entry): number {
  return (sessionRank(e.sessionNumber) * REGION_SPAN + (REGION_RANK.get(e.regionCode) ?? UNKNOWN_REGION)) * ID_SPAN + e.id;
}

function grown<T extends Float64Array | Uint8Array | Int32Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

class ProgrammeIndex {
  /** By slot; null once the entry was replaced or removed. */
  slots: (Entry | null)[] = [];
  dead = 0;
  /** By slot: the list-order key, and the status code (0 = dead slot). */
  keys = new Float64Array(1024);
  stat = new Uint8Array(1024);
  /** Live slots in list order (the first `count`). */
  order = new Int32Array(1024);
  count = 0;
  text = new SubstringIndex();

  /** A new slot for `e` (not yet in the list order). */
  add(e: Entry, names: string, codes: string): void {
    const slot = (e.slot = this.text.add(names, codes));
    this.slots.push(e);
    this.keys = grown(this.keys, slot + 1);
    this.stat = grown(this.stat, slot + 1);
    this.keys[slot] = sortKey(e);
    this.stat[slot] = STATUS_CODE.get(e.status) ?? 0;
  }

  kill(e: Entry): void {
    this.slots[e.slot] = null;
    this.stat[e.slot] = 0;
    this.dead++;
  }

  /** Key and status from the entry's fields, after they changed (its slot is out of the order). */
  refresh(e: Entry): void {
    this.keys[e.slot] = sortKey(e);
    this.stat[e.slot] = STATUS_CODE.get(e.status) ?? 0;
  }

  /** Where `key` is, or would go, in the list order. */
  private position(key: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[this.order[mid]] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  orderInsert(slot: number): void {
    const at = this.position(this.keys[slot]);
    this.order = grown(this.order, this.count + 1);
    this.order.copyWithin(at + 1, at, this.count);
    this.order[at] = slot;
    this.count++;
  }

  /** Takes the slot out of the list order; call before its key changes. */
  orderRemove(slot: number): void {
    const at = this.position(this.keys[slot]);
    if (at >= this.count || this.order[at] !== slot) return;
    this.order.copyWithin(at, at + 1, this.count);
    this.count--;
  }

  /** The whole list order again, from the keys: after many changes at once. */
  reorder(): void {
    const live: number[] = [];
    this.slots.forEach((e, slot) => {
      if (e) live.push(slot);
    });
    const keys = this.keys;
    live.sort((a, b) => keys[a] - keys[b]);
    this.order = Int32Array.from(live);
    this.count = live.length;
  }

  /** Packs the slots (drops dead ones) when replaced entries pile up: memory only, no store read. */
  maybePack(): void {
    if (this.dead < CHUNK || this.dead < this.slots.length * MAX_DEAD_SHARE) return;
    const live: { e: Entry; names: string; codes: string }[] = [];
    this.slots.forEach((e, slot) => {
      if (e) live.push({ e, ...this.text.texts(slot) });
    });
    Object.assign(this, new ProgrammeIndex());
    this.text.deferGrams = true;
    for (const l of live) this.add(l.e, l.names, l.codes);
    this.reorder();
    this.text.indexGrams(this.stat);
  }

  /** Matching ids in list order. */
  find(q: IndexQuery, needle: string): number[] {
    const { keys, stat, order, count } = this;
    const status = q.status ? (STATUS_CODE.get(q.status) ?? -1) : 0;
    const session = q.sessionNumber === undefined ? -1 : q.sessionNumber === 0 ? NO_SESSION : sessionRank(q.sessionNumber);
    const region = q.regionCode ? (REGION_RANK.get(q.regionCode) ?? -1) : -2;
    const keep = (slot: number): boolean => {
      if (!stat[slot] || (status && stat[slot] !== status)) return false;
      if (session < 0 && region === -2) return true;
      const upper = Math.floor(keys[slot] / ID_SPAN);
      return (session < 0 || Math.floor(upper / REGION_SPAN) === session) && (region === -2 || upper % REGION_SPAN === region);
    };
    const out: number[] = [];
    if (!needle) {
      for (let i = 0; i < count; i++) if (keep(order[i])) out.push(keys[order[i]] % ID_SPAN);
      return out;
    }
    const marks = this.text.search(needle, stat);
    let hits = 0;
    for (let slot = 0; slot < marks.length; slot++) if (marks[slot] && keep(slot)) marks[slot] = 2;
    for (let slot = 0; slot < marks.length; slot++) if (marks[slot] === 2) hits++;
    // Few hits: sort their keys (natively); many: walk the list order and pick them out.
    if (hits * 8 < count) {
      const found = new Float64Array(hits);
      let n = 0;
      for (let slot = 0; slot < marks.length; slot++) if (marks[slot] === 2) found[n++] = keys[slot];
      found.sort();
      for (const k of found) out.push(k % ID_SPAN);
    } else for (let i = 0; i < count; i++) if (marks[order[i]] === 2) out.push(keys[order[i]] % ID_SPAN);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// One index per database file

interface FileIndex {
  /** Connections that use this index; their data_version is watched (see watched()). */
  conns: Map<Db, { writer: boolean; version: number }>;
  built: boolean;
  /** A change we cannot follow row by row (another process wrote): rebuild at the next query. */
  stale: boolean;
  programmes: Map<number, ProgrammeIndex>;
  byId: Map<number, Entry>;
  /** id:number of every session, to notice a renumbered 期次 (it changes the list order). */
  sessionsKey: string;
  maxId: number;
  pending: IndexChange[];
  rebuilds: number;
  updates: number;
  /** How long the last incremental update took, in ms (the bench reports it). */
  lastUpdateMs: number;
}

const byFile = new Map<string, FileIndex>();
const inMemory = new WeakMap<Db, FileIndex>();

function newIndex(): FileIndex {
  return {
    conns: new Map(),
    built: false,
    stale: false,
    programmes: new Map(),
    byId: new Map(),
    sessionsKey: '',
    maxId: 0,
    pending: [],
    rebuilds: 0,
    updates: 0,
    lastUpdateMs: 0,
  };
}

/** A prepared statement: db.pragma() compiles its statement on every call (measured: ms under load). */
function dataVersion(db: Db): number {
  return prepared(db, 'PRAGMA data_version').pluck().get() as number;
}

function indexOf(db: Db): FileIndex {
  if (db.memory) {
    let x = inMemory.get(db);
    if (!x) inMemory.set(db, (x = newIndex()));
    return x;
  }
  let x = byFile.get(db.name);
  if (!x) {
    // Forget files whose connections are all closed (each test opens its own file).
    for (const [file, other] of byFile) if (![...other.conns.keys()].some((c) => c.open)) byFile.delete(file);
    byFile.set(db.name, (x = newIndex()));
  }
  return x;
}

/**
 * Registers a connection that will query or write registrations: its data_version is the baseline
 * against which writes by other processes are noticed. The services call this when they are built.
 */
export function trackConnection(db: Db): void {
  const x = indexOf(db);
  if (x.conns.has(db)) return;
  x.conns.set(db, { writer: !(prepared(db, 'PRAGMA query_only').pluck().get() as number), version: dataVersion(db) });
  // A connection that joins a built index later cannot vouch for what happened before it came.
  if (x.built) x.stale = true;
}

/**
 * The connections whose data_version tells of other processes: the writers (our own commits never
 * change theirs); with no writer (a read-only user of the file), every commit is someone else's.
 */
function changedElsewhere(x: FileIndex): boolean {
  for (const db of x.conns.keys()) if (!db.open) x.conns.delete(db);
  const all = [...x.conns];
  const watched = all.some(([, c]) => c.writer) ? all.filter(([, c]) => c.writer) : all;
  return watched.some(([db, c]) => dataVersion(db) !== c.version);
}

function markVersions(x: FileIndex): void {
  for (const [db, c] of x.conns) if (db.open) c.version = dataVersion(db);
}

/** A connection that sees only committed data: never one inside its own open transaction. */
function committedReader(x: FileIndex, preferred: Db): Db | null {
  if (!preferred.inTransaction) return preferred;
  for (const db of x.conns.keys()) if (db.open && !db.inTransaction) return db;
  return null;
}

/** The search text is put together by SQLite: two strings per row cross into JavaScript, not seven. */
const ENTRY_SQL = `
  SELECT r.id, r.programme_id, r.session_id, s.number, r.region_code, r.status,
    t.name || ' ' || e.name,
    t.name_pinyin || ' ' || t.name_initials || ' ' || t.id_number || ' ' || t.mobile || ' ' || e.credit_code
  FROM registrations r JOIN trainees t ON t.id = r.trainee_id JOIN enterprises e ON e.id = r.enterprise_id
  LEFT JOIN sessions s ON s.id = r.session_id`;

/** ENTRY_SQL's columns, read as arrays (.raw()): for 100,000 rows, no object per row. */
type EntryRow = [
  id: number,
  programmeId: number,
  sessionId: number | null,
  sessionNumber: number | null,
  regionCode: string,
  status: RegistrationStatus,
  /** Trainee and enterprise name. */
  names: string,
  /** Pinyin, initials, ID number, mobile, credit code. */
  codes: string,
];

const namesText = (r: EntryRow): string => r[6].toLowerCase();
const codesText = (r: EntryRow): string => r[7].toLowerCase();

function toEntry(r: EntryRow): Entry {
  return {
    id: r[0],
    programmeId: r[1],
    sessionId: r[2],
    sessionNumber: r[3],
    regionCode: r[4],
    status: r[5],
    slot: -1,
  };
}

const entryRows = (db: Db, where: string, ...params: unknown[]): EntryRow[] =>
  prepared(db, `${ENTRY_SQL} ${where}`)
    .raw()
    .all(...params) as EntryRow[];

function sessionsKey(db: Db): string {
  return (
    (prepared(db, "SELECT group_concat(id || ':' || number) FROM (SELECT id, number FROM sessions ORDER BY id)").pluck().get() as
      string | null) ?? ''
  );
}

function programme(x: FileIndex, id: number): ProgrammeIndex {
  let p = x.programmes.get(id);
  if (!p) x.programmes.set(id, (p = new ProgrammeIndex()));
  return p;
}

function build(x: FileIndex, db: Db): void {
  // Baselines first: a commit elsewhere during the read shows up as a change at the next query.
  markVersions(x);
  x.programmes = new Map();
  x.byId = new Map();
  x.maxId = 0;
  x.sessionsKey = sessionsKey(db);
  for (const r of entryRows(db, 'ORDER BY r.id')) {
    const e = toEntry(r);
    const p = programme(x, e.programmeId);
    p.text.deferGrams = true;
    p.add(e, namesText(r), codesText(r));
    x.byId.set(e.id, e);
    x.maxId = e.id;
  }
  for (const p of x.programmes.values()) {
    p.reorder();
    p.text.indexGrams(p.stat);
  }
  x.pending = [];
  x.built = true;
  x.stale = false;
  x.rebuilds++;
}

/** Reads the touched registrations again and puts them in place: a few rows, or an import's thousands. */
function apply(x: FileIndex, db: Db, changes: IndexChange[]): void {
  const started = performance.now();
  const ids = new Set<number>();
  const rows: EntryRow[] = [];
  for (const c of changes) {
    for (const id of c.registrations ?? []) ids.add(id);
    for (const id of c.trainees ?? [])
      for (const r of prepared(db, 'SELECT id FROM registrations WHERE trainee_id = ?').pluck().all(id) as number[]) ids.add(r);
    for (const id of c.enterprises ?? [])
      for (const r of prepared(db, 'SELECT id FROM registrations WHERE enterprise_id = ?').pluck().all(id) as number[]) ids.add(r);
  }
  const since = Math.min(...changes.map((c) => c.since ?? Infinity));
  if (since !== Infinity) {
    for (const r of entryRows(db, 'WHERE r.id > ? ORDER BY r.id', since)) {
      rows.push(r);
      ids.delete(r[0]);
    }
  }
  if (ids.size) rows.push(...entryRows(db, 'WHERE r.id IN (SELECT value FROM json_each(?))', JSON.stringify([...ids])));
  const found = new Set(rows.map((r) => r[0]));
  const gone = [...ids].filter((id) => !found.has(id));

  // Many rows at once (an import): put them in, then order each touched programme once.
  const bulk = rows.length > 256;
  const touched = new Set<ProgrammeIndex>();
  const unplace = (p: ProgrammeIndex, e: Entry) => {
    if (bulk) touched.add(p);
    else p.orderRemove(e.slot);
  };
  const place = (p: ProgrammeIndex, e: Entry) => {
    if (bulk) touched.add(p);
    else p.orderInsert(e.slot);
  };
  for (const id of gone) {
    const old = x.byId.get(id);
    if (!old) continue;
    const p = programme(x, old.programmeId);
    unplace(p, old);
    p.kill(old);
    x.byId.delete(id);
  }
  for (const r of rows) {
    const e = toEntry(r);
    const old = x.byId.get(e.id);
    const names = namesText(r);
    const codes = codesText(r);
    const p = programme(x, e.programmeId);
    if (bulk) {
      p.text.deferGrams = true;
      touched.add(p);
    }
    if (old && old.programmeId === e.programmeId) {
      // The same object is updated in place: byId keeps pointing at it.
      const t = p.text.texts(old.slot);
      const sameText = t.names === names && t.codes === codes;
      const sameKey = sortKey(old) === sortKey(e);
      if (!sameKey || !sameText) unplace(p, old); // found by its old key, before the fields change
      Object.assign(old, { ...e, slot: old.slot });
      if (!sameText) {
        p.kill(old);
        p.add(old, names, codes);
      } else p.refresh(old);
      if (!sameKey || !sameText) place(p, old);
    } else {
      if (old) {
        const was = programme(x, old.programmeId);
        unplace(was, old);
        was.kill(old);
      }
      p.add(e, names, codes);
      x.byId.set(e.id, e);
      place(p, e);
    }
    if (e.id > x.maxId) x.maxId = e.id;
  }
  for (const p of touched) {
    p.reorder();
    if (p.text.deferGrams) p.text.indexGrams(p.stat);
  }
  for (const p of x.programmes.values()) {
    p.maybePack();
    // Slots added one by one sit in small lists; once there are many, fold them into the block.
    if (p.text.recentGrams > 4096 && p.text.recentGrams * 8 > p.slots.length) p.text.indexGrams(p.stat);
  }
  x.updates++;
  x.lastUpdateMs = performance.now() - started;
}

/** Brings the index up to date for a query: build, rebuild, catch up, or nothing. */
function current(db: Db): FileIndex {
  const x = indexOf(db);
  if (!x.conns.has(db)) trackConnection(db);
  const reader = committedReader(x, db);
  if (!x.built || x.stale || changedElsewhere(x)) {
    if (reader) build(x, reader);
    return x;
  }
  if (!reader) return x;
  // A 期次 renumbered (sessions.update) moves rows in the list: cheap to notice, rare to happen.
  const key = sessionsKey(reader);
  if (key !== x.sessionsKey) {
    const numbers = new Map((key ? key.split(',') : []).map((pair) => pair.split(':').map(Number) as [number, number]));
    for (const e of x.byId.values()) {
      e.sessionNumber = e.sessionId === null ? null : (numbers.get(e.sessionId) ?? null);
      programme(x, e.programmeId).refresh(e);
    }
    for (const p of x.programmes.values()) p.reorder();
    x.sessionsKey = key;
  }
  // A safety net for a write that did not say what it added: new ids are read in, not a rebuild.
  const maxId = (prepared(reader, 'SELECT max(id) FROM registrations').pluck().get() as number | null) ?? 0;
  if (maxId > x.maxId) x.pending.push({ since: x.maxId });
  if (x.pending.length) {
    const changes = x.pending;
    x.pending = [];
    apply(x, reader, changes);
  }
  return x;
}

/**
 * Called right after a write that touched registrations has COMMITTED, on the connection that wrote.
 * A change names what to read again, never what to show: it is read from committed data, so a call
 * made too early (inside a transaction that then rolls back) shows nothing that was not committed.
 * Small changes are applied at once (the next list shows them); an import's rows at the next query.
 */
export function registrationsWritten(db: Db, change: IndexChange): void {
  const x = indexOf(db);
  if (!x.built) return; // the first query reads everything
  // Unknown writer, or someone else wrote since we last looked: only a rebuild is safe.
  if (!x.conns.has(db) || changedElsewhere(x)) {
    x.stale = true;
    return;
  }
  x.pending.push(change);
  if (change.since === undefined && !db.inTransaction) {
    const changes = x.pending;
    x.pending = [];
    apply(x, db, changes);
  }
}

/** Matching registration ids, in list order (session, region, id). */
export function findRegistrationIds(db: Db, q: IndexQuery): number[] {
  const p = current(db).programmes.get(q.programmeId);
  const needle = q.search?.normalize('NFKC').replace(/\s+/g, '').toLowerCase() ?? '';
  return p ? p.find(q, needle) : [];
}

/** How often the whole index was read from the store, how often it was patched (tests, bench). */
export function indexStats(db: Db): { rebuilds: number; updates: number; lastUpdateMs: number } {
  const x = indexOf(db);
  return { rebuilds: x.rebuilds, updates: x.updates, lastUpdateMs: x.lastUpdateMs };
}
