/** better-sqlite3 reports constraint failures as SqliteError with an extended result code. */
export function sqliteCode(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

export function isUniqueViolation(e: unknown): boolean {
  const code = sqliteCode(e);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
