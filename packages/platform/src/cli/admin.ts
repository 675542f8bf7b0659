import { readFileSync } from 'node:fs';
import { createClient, type RongtongClient } from '@rongtong/client';
import { SCOPES, enumToProto, type Scope } from '@rongtong/core';
import { durationFromMillis } from '@rongtong/protocol';
import { UsageError, parseCliArgs, type OptionKinds } from '@rongtong/runtime';

const CONNECTION: OptionKinds = { platform: 'string', token: 'string', ca: 'string', insecure: 'boolean' };

const USAGE = `usage: rongtong-platform admin <command> [--platform host:port] [--token T] [--ca file | --insecure]
  create-tenant --name NAME
  create-enterprise --tenant ID --credit-code CODE --name NAME [--size large|medium|small|micro]
                    [--designation none|innovative_sme|specialized|little_giant] [--region CODE] [--chain-leader]
  issue-enrollment-token --enterprise ID [--ttl 24h] [--description TEXT]
  issue-api-token --tenant ID --scopes feed:read,capacity:read,… [--enterprise ID] [--ttl 90d] [--description TEXT]
  revoke --token-id ID [--reason TEXT]
  list tenants|enterprises|tokens|agents [--tenant ID]
The token defaults to $RONGTONG_ADMIN_TOKEN; the platform to 127.0.0.1:7600. Output is JSON.`;

/** Parses "30s", "15m", "24h", "7d" to milliseconds. */
export function parseDurationMs(text: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(text);
  if (!m) throw new UsageError(`invalid duration "${text}": use e.g. 30s, 15m, 24h, 7d`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

function parseScopes(text: string): Scope[] {
  const scopes = text.split(',').map((s) => s.trim());
  for (const s of scopes) if (!(SCOPES as readonly string[]).includes(s)) throw new UsageError(`unknown scope "${s}": one of ${SCOPES.join(', ')}`);
  return scopes as Scope[];
}

function required(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required\n${USAGE}`);
  return value;
}

/** JSON with Buffers as hex, for printing responses. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('hex') : v), 2);
}

function connect(args: Record<string, unknown>, env: NodeJS.ProcessEnv): RongtongClient {
  const token = (args.token as string | undefined) ?? env.RONGTONG_ADMIN_TOKEN;
  if (!token) throw new UsageError('no credentials: pass --token or set RONGTONG_ADMIN_TOKEN');
  const ca = args.ca as string | undefined;
  return createClient({
    address: (args.platform as string | undefined) ?? '127.0.0.1:7600',
    token,
    tls: args.insecure ? false : { ca: ca ? readFileSync(ca) : undefined },
    defaultTimeoutMs: 15_000,
  });
}

/** `rongtong-platform admin …`: administers a running platform through `@rongtong/client`. Returns the exit code. */
export async function runAdmin(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help') {
    out(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = async (kinds: OptionKinds, fn: (client: RongtongClient, args: Record<string, unknown>) => Promise<unknown>, positionals = 0) => {
    const args = parseCliArgs(rest, { ...CONNECTION, ...kinds }, positionals);
    const client = connect(args, env);
    try {
      out(toJson(await fn(client, args)));
      return 0;
    } finally {
      client.close();
    }
  };
  switch (command) {
    case 'create-tenant':
      return run({ name: 'string' }, (c, a) => c.admin.createTenant({ tenant: { name: required(a, 'name') } }));
    case 'create-enterprise':
      return run(
        { tenant: 'string', 'credit-code': 'string', name: 'string', size: 'string', designation: 'string', region: 'string', 'chain-leader': 'boolean' },
        (c, a) =>
          c.admin.createEnterprise({
            tenantId: required(a, 'tenant'),
            enterprise: {
              unifiedSocialCreditCode: required(a, 'credit-code'),
              name: required(a, 'name'),
              sizeClass: a.size ? (enumToProto('SIZE_CLASS', a.size as string) as never) : undefined,
              designation: a.designation ? (enumToProto('DESIGNATION', a.designation as string) as never) : undefined,
              regionCode: (a.region as string | undefined) ?? '',
              chainLeader: Boolean(a['chain-leader']),
            },
          }),
      );
    case 'issue-enrollment-token':
      return run({ enterprise: 'string', ttl: 'string', description: 'string' }, (c, a) =>
        c.admin.issueEnrollmentToken({
          enterpriseId: required(a, 'enterprise'),
          ttl: durationFromMillis(parseDurationMs((a.ttl as string | undefined) ?? '24h')),
          description: (a.description as string | undefined) ?? '',
        }),
      );
    case 'issue-api-token':
      return run({ tenant: 'string', scopes: 'string', enterprise: 'string', ttl: 'string', description: 'string' }, (c, a) =>
        c.admin.issueApiToken({
          tenantId: required(a, 'tenant'),
          scopes: parseScopes(required(a, 'scopes')).map((s) => enumToProto('SCOPE', s) as never),
          enterpriseId: (a.enterprise as string | undefined) ?? '',
          ttl: durationFromMillis(parseDurationMs((a.ttl as string | undefined) ?? '90d')),
          description: (a.description as string | undefined) ?? '',
        }),
      );
    case 'revoke':
      return run({ 'token-id': 'string', reason: 'string' }, (c, a) =>
        c.admin.revokeToken({ tokenId: required(a, 'token-id'), reason: (a.reason as string | undefined) ?? '' }),
      );
    case 'list':
      return run(
        { tenant: 'string' },
        (c, a) => {
          const what = (a as { _: string[] })._[0];
          const tenantId = (a.tenant as string | undefined) ?? '';
          switch (what) {
            case 'tenants':
              return c.admin.listTenants({ pageSize: 1000 });
            case 'enterprises':
              return c.admin.listEnterprises({ tenantId, pageSize: 1000 });
            case 'tokens':
              return c.admin.listTokens({ tenantId, pageSize: 1000 });
            case 'agents':
              return c.admin.listAgents({ tenantId, pageSize: 1000 });
            default:
              throw new UsageError(`list what? tenants, enterprises, tokens or agents\n${USAGE}`);
          }
        },
        1,
      );
    default:
      throw new UsageError(`unknown admin command "${command}"\n${USAGE}`);
  }
}
