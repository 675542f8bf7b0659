import { resolve } from 'node:path';
import { RongtongError, isRongtongError } from '@rongtong/core';
import { type ServerCertificateEntry, listServerCertificates, rejectServerCertificate, trustServerCertificate } from '@rongtong/opcua';
import { parseCliArgs, UsageError } from '@rongtong/runtime';
import type { AgentConfig } from '../config/agent-config-schema.js';
import { loadAgentConfig } from '../config/config-file.js';
import { defaultOpcuaPkiDir, opcuaPkiDir } from '../sources/opcua/opcua-pki-dir.js';
import type { OpcuaSourceConfig } from '../sources/opcua/opcua-source-config.js';
import type { CliIo, Command } from './command.js';

const USAGE = `usage: rongtong-agent trust list [--config agent.yaml [--source ID] | --pki-dir DIR] [--json]
       rongtong-agent trust accept <thumbprint> [--config agent.yaml [--source ID] | --pki-dir DIR]
       rongtong-agent trust reject <thumbprint> [--config agent.yaml [--source ID] | --pki-dir DIR]
The OPC UA server certificates of the opcua sources' PKI folders. A server whose certificate is
not trusted is refused, and its certificate is kept as "rejected" until a person checks it and
accepts it; a running agent uses an accepted certificate on its next connection attempt.
  list      thumbprint, status (trusted / rejected), subject and validity of every certificate
  accept    trust the certificate with this SHA-1 thumbprint (40 hex digits, ":" allowed)
  reject    stop trusting it (connections made afterwards are refused)
  --config  the PKI folder of every opcua source of the config: its pkiDir, default
            <stateDir>/pki/opcua
  --source  only this opcua source's folder
  --pki-dir a PKI folder itself
  --json    (list) the certificates as JSON on stdout
Without --config or --pki-dir: ./rongtong-state/pki/opcua, the folder of a config that sets
neither stateDir nor pkiDir, run from this directory.
Exit code 0 when done, 1 when no certificate has the thumbprint, 2 on invalid usage or config.`;

/** One PKI folder and the opcua sources that use it. */
interface PkiFolder {
  readonly pkiDir: string;
  /** Ids of the sources using it; empty for `--pki-dir` and the default. */
  readonly sources: readonly string[];
}

const text = (value: unknown, flag: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${flag} needs a value\n${USAGE}`);
  return value;
};

/** The PKI folders of the config's opcua sources (or of one), each once, in config order. */
function configFolders(config: AgentConfig, file: string, sourceId: string | undefined): PkiFolder[] {
  const opcua = config.sources.filter((s) => s.kind === 'opcua') as unknown as OpcuaSourceConfig[];
  const chosen = sourceId === undefined ? opcua : opcua.filter((s) => s.id === sourceId);
  if (chosen.length === 0) {
    const known = opcua.map((s) => s.id).join(', ');
    throw new UsageError(
      sourceId === undefined
        ? `${file} has no opcua source`
        : `${file} has no opcua source "${sourceId}"${known ? ` (opcua sources: ${known})` : ' (it has no opcua source)'}`,
    );
  }
  // Keyed by absolute path, so `./state/pki/opcua` and `state/pki/opcua` are one folder.
  const folders = new Map<string, { pkiDir: string; sources: string[] }>();
  for (const s of chosen) {
    const pkiDir = opcuaPkiDir(s, config.stateDir);
    const folder = folders.get(resolve(pkiDir));
    if (folder) folder.sources.push(s.id);
    else folders.set(resolve(pkiDir), { pkiDir, sources: [s.id] });
  }
  return [...folders.values()];
}

/** The folders the flags name, and those flags again (for the command a message suggests). */
function foldersOf(args: Record<string, unknown>): { folders: PkiFolder[]; flags: string } {
  const file = text(args.config, 'config');
  const pkiDir = text(args['pki-dir'], 'pki-dir');
  const sourceId = text(args.source, 'source');
  if (file !== undefined && pkiDir !== undefined) throw new UsageError(`give --config or --pki-dir, not both\n${USAGE}`);
  if (sourceId !== undefined && file === undefined) throw new UsageError(`--source needs --config\n${USAGE}`);
  const quote = (path: string) => (/^[\w./:@%+-]+$/.test(path) ? path : JSON.stringify(path));
  if (file !== undefined) {
    const flags = ` --config ${quote(file)}${sourceId === undefined ? '' : ` --source ${quote(sourceId)}`}`;
    return { folders: configFolders(loadAgentConfig(file).config, file, sourceId), flags };
  }
  if (pkiDir !== undefined) return { folders: [{ pkiDir, sources: [] }], flags: ` --pki-dir ${quote(pkiDir)}` };
  return { folders: [{ pkiDir: defaultOpcuaPkiDir('./rongtong-state'), sources: [] }], flags: '' };
}

const where = (folder: PkiFolder): string => `${folder.pkiDir}${folder.sources.length > 0 ? ` (${folder.sources.length === 1 ? 'source' : 'sources'} ${folder.sources.join(', ')})` : ''}`;

const day = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** One line per certificate: thumbprint, status, subject, validity (and `EXPIRED` / `NOT YET VALID`). */
function certificateLine(c: ServerCertificateEntry, now: number): string {
  const validity = now > c.validTo.getTime() ? ' EXPIRED' : now < c.validFrom.getTime() ? ' NOT YET VALID' : '';
  return `  ${c.thumbprint}  ${c.status.padEnd(8)}  ${c.subject || '(no subject)'}  valid ${day(c.validFrom)} to ${day(c.validTo)}${validity}`;
}

async function list({ folders, flags }: { folders: readonly PkiFolder[]; flags: string }, json: boolean, io: CliIo): Promise<number> {
  const listed = await Promise.all(folders.map(async (f) => ({ ...f, certificates: await listServerCertificates(f.pkiDir) })));
  if (json) {
    io.out(JSON.stringify(listed, null, 2));
    return 0;
  }
  const now = Date.now();
  for (const folder of listed) {
    io.out(`PKI folder ${where(folder)}:`);
    if (folder.certificates.length === 0) io.out('  no server certificates yet: a server appears here (rejected) after the first connection attempt with Sign or SignAndEncrypt');
    for (const c of folder.certificates) io.out(certificateLine(c, now));
  }
  const rejected = listed.flatMap((f) => f.certificates).filter((c) => c.status === 'rejected');
  if (rejected.length > 0) io.out(`after checking that a rejected certificate is the machine's (compare its thumbprint with the server's own): rongtong-agent trust accept <thumbprint>${flags}`);
  return 0;
}

async function decide(verb: 'accept' | 'reject', thumbprint: string, { folders }: { folders: readonly PkiFolder[] }, io: CliIo): Promise<number> {
  const move = verb === 'accept' ? trustServerCertificate : rejectServerCertificate;
  let found = 0;
  for (const folder of folders) {
    let entry: ServerCertificateEntry;
    try {
      entry = await move(folder.pkiDir, thumbprint);
    } catch (err) {
      if (isRongtongError(err) && err.code === 'NOT_FOUND') continue;
      throw err;
    }
    found += 1;
    const effect = verb === 'accept' ? 'trusted: the source connects on its next attempt' : 'rejected: connections made from now on are refused';
    io.out(`${entry.thumbprint} (${entry.subject || 'no subject'}) ${effect} — ${where(folder)}`);
  }
  if (found > 0) return 0;
  const searched = folders.map((f) => f.pkiDir).join(', ');
  const hint = folders.every((f) => f.sources.length === 0) ? '; give --config agent.yaml to use the PKI folders of its opcua sources' : '';
  throw new RongtongError('NOT_FOUND', `no server certificate with thumbprint ${thumbprint} in ${searched} (rongtong-agent trust list shows them${hint})`);
}

/**
 * `rongtong-agent trust list | accept <thumbprint> | reject <thumbprint>`: the server
 * certificates of the opcua sources' PKI folders (`@rongtong/opcua`'s trust store). Exit 0
 * when done, 1 when no certificate has the thumbprint, 2 on invalid usage or config.
 */
export const trustCommand: Command = {
  name: 'trust',
  summary: 'list, accept or reject OPC UA server certificates',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCliArgs(argv, { config: 'string', source: 'string', 'pki-dir': 'string', json: 'boolean' }, 2);
    const [verb, thumbprint] = args._;
    if (verb === 'list') {
      if (thumbprint !== undefined) throw new UsageError(`unexpected argument "${thumbprint}"\n${USAGE}`);
      return list(foldersOf(args), args.json === true, io);
    }
    if (verb === 'accept' || verb === 'reject') {
      if (thumbprint === undefined) throw new UsageError(`trust ${verb} needs the thumbprint of a certificate (rongtong-agent trust list shows them)\n${USAGE}`);
      if (args.json === true) throw new UsageError(`--json goes with trust list\n${USAGE}`);
      return decide(verb, thumbprint, foldersOf(args), io);
    }
    throw new UsageError(`${verb === undefined ? 'trust needs list, accept or reject' : `unknown trust action "${verb}": list, accept or reject`}\n${USAGE}`);
  },
};
