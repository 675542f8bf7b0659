#!/usr/bin/env node
/**
 * `rongtong-platform` — run a Rongtong platform, and administer a running one.
 *
 *   rongtong-platform serve [--config platform.yaml] [--listen host:port] [--store sqlite[:path]] [--data-dir dir]
 *   rongtong-platform admin <command> --platform host:port [--token T | RONGTONG_ADMIN_TOKEN] [--ca file | --insecure] …
 *
 * Exit codes: 0 ok, 1 failure, 2 invalid usage or configuration.
 */
import { isRongtongError } from '@rongtong/core';
import { runAdmin } from './admin.js';
import { runEvidence } from './evidence-command.js';
import { loadPlatformConfig } from './platform-config.js';
import { servePlatform } from './serve.js';
import { parseCliArgs, UsageError } from '@rongtong/runtime';

const USAGE = `usage:
  rongtong-platform serve [--config platform.yaml] [--listen host:port] [--store sqlite|sqlite:<path>] [--data-dir dir]
  rongtong-platform admin <command> [options]   (rongtong-platform admin help)
  rongtong-platform evidence verify <file> [--public-key <hex|file>] [--json]
  rongtong-platform help`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve': {
      const args = parseCliArgs(rest, { config: 'string', listen: 'string', store: 'string', 'data-dir': 'string' });
      const overrides: Record<string, unknown> = {};
      if (args.listen !== undefined) overrides.listen = args.listen;
      if (args.store !== undefined) overrides.store = args.store;
      if (args['data-dir'] !== undefined) overrides.dataDir = args['data-dir'];
      const config = loadPlatformConfig(args.config as string | undefined, overrides);
      const running = await servePlatform(config, process.env, (line) => console.log(line));
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await running.close();
      return 0;
    }
    case 'evidence':
      return runEvidence(rest, (line) => console.log(line));
    case 'admin':
      return runAdmin(rest, process.env, (line) => console.log(line));
    case 'help':
    case '--help':
    case undefined:
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(err.message);
      process.exitCode = 2;
    } else if (isRongtongError(err)) {
      console.error(`${err.code}: ${err.message}`);
      for (const v of err.fieldViolations) console.error(`  ${v.path || '(root)'}: ${v.reason}`);
      process.exitCode = err.code === 'INVALID_CONFIG' || err.code === 'INVALID_ARGUMENT' ? 2 : 1;
    } else {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    }
  },
);
