import type { Settings } from '../../shared/domain/types';
import type { Handlers } from './handlers';
import { DEFAULT_OPERATOR, readSetting, writeTx, type ServiceContext } from './context';

export function getSettings(ctx: ServiceContext): Settings {
  return {
    operatorName: readSetting(ctx.db, 'operatorName', DEFAULT_OPERATOR),
    organisation: readSetting(ctx.db, 'organisation', ''),
    region: readSetting(ctx.db, 'region', ''),
  };
}

export function settingsHandlers(ctx: ServiceContext): Pick<Handlers, 'settings.get' | 'settings.update'> {
  return {
    'settings.get': () => getSettings(ctx),
    'settings.update': (input) =>
      writeTx(
        ctx.db,
        'settings.update',
        () => {
          const put = ctx.db.prepare(
            'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
          );
          for (const [k, v] of Object.entries(input)) if (v !== undefined) put.run(k, v);
          return getSettings(ctx);
        },
        () => `修改设置：${Object.keys(input).join('、') || '无'}`,
        () => input,
      ),
  };
}
