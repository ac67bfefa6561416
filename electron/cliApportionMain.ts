/**
 * `apportion` on its own: `node --import tsx electron/cliApportionMain.ts apportion --seats N …`.
 * No data file is opened. exitCode, not exit(): stdout to a pipe is asynchronous.
 */
import { runApportion } from './cliApportion';

void runApportion(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
