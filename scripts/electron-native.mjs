#!/usr/bin/env node
/**
 * better-sqlite3 for Electron, without disturbing the copy Node uses.
 *
 * `npm install` builds better-sqlite3 for Node's ABI in node_modules (what `npm test` and the CLI
 * load). Electron has its own ABI, so this script puts a second binary, for the installed Electron
 * version, in .cache/electron-native/<platform>-<arch>/better_sqlite3.node (with the Electron
 * version it was built for beside it, so an Electron upgrade triggers a rebuild):
 * first from better-sqlite3's published prebuilds (prebuild-install), else compiled from source
 * against Electron's headers (node-gyp). electron/main.ts passes that file to better-sqlite3 as its
 * `nativeBinding`; electron-builder ships the same file (see electron-builder.yml).
 *
 *   node scripts/electron-native.mjs               ensure it, or fail with a clear message
 *   node scripts/electron-native.mjs --if-possible  ensure it if the network allows (postinstall):
 *     quietly, the tools' output goes to .cache/electron-native/build.log, and offline it says so in
 *     one line instead of pages of gyp ERR! that read like a failed install.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const ifPossible = process.argv.includes('--if-possible');
const platform = process.env.npm_config_platform || process.platform;
const arch = process.env.npm_config_arch || process.arch;

function done(code, message) {
  if (message) (code ? console.error : console.log)(`[electron-native] ${message}`);
  process.exit(ifPossible ? 0 : code);
}

let electronVersion;
try {
  electronVersion = JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
} catch {
  done(ifPossible ? 0 : 1, ifPossible ? '' : '未安装 electron，请先运行 npm install / electron is not installed');
}
if (ifPossible && process.env.CI) done(0, '在 CI 中跳过（测试只用 Node 版本）/ skipped in CI: tests use the Node build');

const outDir = path.join(root, '.cache', 'electron-native', `${platform}-${arch}`);
const target = path.join(outDir, 'better_sqlite3.node');
const stamp = path.join(outDir, 'electron-version.txt');
const builtFor = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';
if (fs.existsSync(target) && builtFor === electronVersion) done(0, '');

const pkgDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = path.join(root, '.cache', 'electron-native', 'work');
fs.rmSync(work, { recursive: true, force: true });
fs.cpSync(pkgDir, work, {
  recursive: true,
  filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`),
});

// npm passes its own nodedir (here: Node's headers) to child builds; Electron needs its own.
const env = { ...process.env };
for (const k of Object.keys(env)) if (/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(k)) delete env[k];

const logFile = path.join(root, '.cache', 'electron-native', 'build.log');
fs.mkdirSync(path.dirname(logFile), { recursive: true });
fs.writeFileSync(logFile, `better-sqlite3 for Electron ${electronVersion}, ${new Date().toISOString()}\n`);

function run(cmd, args) {
  const line = `[electron-native] ${path.basename(args[0] ?? cmd)} ${args.slice(1).join(' ')}`;
  if (!ifPossible) {
    console.log(line);
    return spawnSync(cmd, args, { cwd: work, env, stdio: 'inherit', timeout: 15 * 60 * 1000 }).status === 0;
  }
  // Straight into the log file (no buffer to overflow with a compiler's output).
  fs.appendFileSync(logFile, `\n${line}\n`);
  const fd = fs.openSync(logFile, 'a');
  try {
    return spawnSync(cmd, args, { cwd: work, env, stdio: ['ignore', fd, fd], timeout: 15 * 60 * 1000 }).status === 0;
  } finally {
    fs.closeSync(fd);
  }
}

const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
const common = [`--runtime=electron`, `--target=${electronVersion}`, `--arch=${arch}`];
const ok =
  run(process.execPath, [require.resolve('prebuild-install/bin.js'), ...common, `--platform=${platform}`]) ||
  run(process.execPath, [
    require.resolve('node-gyp/bin/node-gyp.js'),
    'rebuild',
    '--release',
    ...common,
    '--dist-url=https://electronjs.org/headers',
    `--devdir=${path.join(root, '.cache', 'electron-native', 'headers')}`,
  ]);

if ((!ok || !fs.existsSync(built)) && ifPossible) {
  fs.rmSync(work, { recursive: true, force: true });
  const log = path.relative(root, logFile);
  const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|socket hang up/.test(
    fs.readFileSync(logFile, 'utf8'),
  );
  done(
    0,
    offline
      ? `未联网：Electron 版的 better-sqlite3 将在联网后首次 npm start 时生成，测试与命令行不受影响（日志：${log}）。/ Offline: the Electron build of better-sqlite3 will be made on the first \`npm start\` when online; tests and the CLI are unaffected (log: ${log}).`
      : `暂未生成 Electron 版的 better-sqlite3，npm start 时会重试，测试与命令行不受影响（原因见 ${log}）。/ The Electron build of better-sqlite3 was not made yet; \`npm start\` will retry; tests and the CLI are unaffected (see ${log}).`,
  );
}
if (!ok || !fs.existsSync(built)) {
  fs.rmSync(work, { recursive: true, force: true });
  done(
    1,
    `无法为 Electron ${electronVersion} 准备 better-sqlite3（需要联网下载预编译文件或 Electron 头文件）。` +
      `测试与命令行不受影响；联网后运行 npm start 会自动重试。/ could not get better-sqlite3 for Electron ${electronVersion}: needs network access.`,
  );
}
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(built, target);
fs.writeFileSync(stamp, `${electronVersion}\n`);
fs.rmSync(work, { recursive: true, force: true });
done(0, `已就绪 ready: ${path.relative(root, target)}`);
