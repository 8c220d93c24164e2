import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { addDataDirOption, addEngineOptions, addJsonOption, parseInteger, type EngineOptions, type JsonOption } from '../options.js';
import { commandOutput } from '../output.js';
import { startEngine } from '../context.js';
import { UsageError } from '../errors.js';
import { DEFAULT_PORT, isLoopback, startDashboardServer } from '../../server/server.js';

interface ServeFlags extends EngineOptions, JsonOption {
  port: number;
  host: string;
  allowRemote?: boolean;
  dataDir?: string;
  samples: number;
  maxJobs?: number;
}

/** A runs folder that does not exist yet is fine (the first run creates it); a file is not. */
function describeRunsDir(runsDir: string): 'folder' | 'missing' {
  if (!existsSync(runsDir)) return 'missing';
  if (!statSync(runsDir).isDirectory()) throw new UsageError(`runs folder '${runsDir}': expected a folder of run folders, found a file`);
  return 'folder';
}

export function registerServeCommand(program: Command): void {
  const command = program
    .command('serve')
    .description('open the browser dashboard: runs, live curves, reconstructions, latent explorer, anomalies, training')
    .argument('[runs-dir]', 'folder of run folders', 'runs')
    .option('--port <n>', 'port to listen on (0 picks a free one)', parseInteger('--port', 0, 65535), DEFAULT_PORT)
    .option('--host <address>', 'address to listen on; anything but a loopback address needs --allow-remote', '127.0.0.1')
    .option('--allow-remote', 'allow a non-loopback --host: anyone who reaches it can read your runs and start training')
    .option('--samples <n>', 'test samples the latent explorer and anomaly view analyse', parseInteger('--samples', 10, 10000), 1000)
    .option('--max-jobs <n>', 'training runs started from the page that may run at once (default: one per 2 cores); more are refused', parseInteger('--max-jobs', 1, 64));
  addDataDirOption(command);
  addEngineOptions(command);
  addJsonOption(command);
  command.addHelpText(
    'after',
    `
With --json, one JSON object ({ url, runsDir, runsDirExists }) is printed once the server listens.
Runs started from the page are child processes of the server: stopping the server stops them
(each saves its last completed epoch; continue with aekit train --resume <run-dir>).

Examples:
  aekit serve                       # runs/ on http://127.0.0.1:${DEFAULT_PORT}/
  aekit serve experiments/runs --port 8080
  aekit serve --host 0.0.0.0 --allow-remote   # reachable from other machines: trusted networks only
`,
  );
  command.action(async (runsDir: string, flags: ServeFlags) => {
    if (!isLoopback(flags.host) && !flags.allowRemote) {
      throw new UsageError(`option --host: '${flags.host}' is not a loopback address; add --allow-remote to listen there (anyone who reaches it can read your runs and start training)`);
    }
    const runsState = describeRunsDir(runsDir);
    await startEngine(flags);
    const server = await startDashboardServer({
      runsDir,
      port: flags.port,
      host: flags.host,
      allowRemote: flags.allowRemote === true,
      analysisSamples: flags.samples,
      ...(flags.maxJobs ? { maxJobs: flags.maxJobs } : {}),
      ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
    });
    // Listen for Ctrl+C before saying where the server is, so a stop that follows at once is clean.
    const stopped = new Promise<void>((resolve) => {
      const shutdown = (): void => {
        process.off('SIGINT', shutdown);
        process.off('SIGTERM', shutdown);
        void server.close().then(resolve);
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    });
    const output = commandOutput(flags);
    output.result({ url: server.url, runsDir, runsDirExists: runsState === 'folder' }, `aekit dashboard for ${runsDir} at ${server.url} (Ctrl+C to stop)`);
    if (runsState === 'missing') output.note(`note: ${runsDir} does not exist yet; it is created when you start a run from the page`);
    await stopped;
  });
}
