/**
 * Every method the renderer may call. The preload script imports only this list (no zod), and
 * the contract is checked at compile time to name exactly these methods.
 */
export const METHOD_NAMES = [
  'app.info',
  'settings.get',
  'settings.update',
  'regions.list',
  'programmes.list',
  'programmes.create',
  'programmes.update',
  'sessions.list',
  'sessions.create',
  'sessions.update',
  'registrations.list',
  'registrations.get',
  'registrations.create',
  'registrations.update',
  'registrations.check',
  'registrations.setStatus',
  'imports.preview',
  'imports.rows',
  'imports.commit',
  'imports.errorReport',
  'exports.summary',
  'exports.forms',
  'overview.get',
  'backups.list',
  'backups.create',
  'backups.restore',
  'audit.list',
  'demo.seed',
  'jobs.cancel',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name);
}
