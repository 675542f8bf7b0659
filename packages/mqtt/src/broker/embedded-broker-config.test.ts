import { describe, expect, it } from 'vitest';
import { fillAclFilters } from './broker-acl.js';
import { EmbeddedBrokerConfigSchema, brokerAclFilterProblem, parseListenAddress } from './embedded-broker-config.js';

const issues = (input: unknown) => {
  const r = EmbeddedBrokerConfigSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('EmbeddedBrokerConfigSchema', () => {
  it('has safe defaults: loopback 1883, no anonymous, 1000 connections', () => {
    expect(EmbeddedBrokerConfigSchema.parse({ stateDir: '/var/lib/rt' })).toEqual({
      listen: '127.0.0.1:1883',
      users: [],
      allowAnonymous: false,
      stateDir: '/var/lib/rt',
      stateFlushMs: 1000,
      maxConnections: 1000,
    });
  });

  it('names the field of each problem and never echoes a password', () => {
    const found = issues({
      stateDir: 'd',
      listen: 'localhost',
      users: [
        { username: 'a', password: 'p1', passwordHash: 'scrypt$16384$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==', publish: ['a/#/b'] },
        { username: 'a', password: 'p2', subscribe: ['x+/y', '{user}/z'] },
        { username: 'b', passwordHash: 'secret-looking' },
      ],
      anonymous: { publish: ['#'] },
      extra: 1,
    });
    expect(found).toEqual(
      expect.arrayContaining([
        'listen: must be host:port, e.g. 127.0.0.1:1883, 0.0.0.0:1883 or [::1]:1883',
        'users.0.publish.0: # must be a whole level and the last one, e.g. factory/#',
        'users.0.password: give exactly one of password and passwordHash',
        'users.1.subscribe.0: + must be a whole level, e.g. factory/+/telemetry',
        'users.1.subscribe.1: unknown placeholder {user}: only {username} and {clientId}',
        expect.stringMatching(/^users\.2\.passwordHash: must be scrypt/),
        ': Unrecognized key: "extra"',
      ]),
    );
    expect(JSON.stringify(found)).not.toMatch(/p1|p2|secret-looking/);
    expect(issues({ stateDir: 'd', users: [{ username: 'a', password: 'x' }, { username: 'a', password: 'y' }] })).toContain('users.1.username: duplicate username a');
    expect(issues({ stateDir: 'd', anonymous: {} })).toContain('anonymous: anonymous ACLs need allowAnonymous: true');
  });

  it('parses listen addresses', () => {
    expect(parseListenAddress('0.0.0.0:1883')).toEqual({ host: '0.0.0.0', port: 1883 });
    expect(parseListenAddress('[::1]:8883')).toEqual({ host: '::1', port: 8883 });
    expect(parseListenAddress('h:70000')).toEqual({ problem: 'port must be 0–65535' });
  });

  it('checks ACL filters and fills placeholders, dropping a filter a value would widen', () => {
    expect(brokerAclFilterProblem('a/+/b/#')).toBeUndefined();
    expect(brokerAclFilterProblem('dev/{clientId}/{username}')).toBeUndefined();
    expect(brokerAclFilterProblem('')).toBe('must not be empty');
    expect(fillAclFilters(['u/{username}/#', 'c/{clientId}', 'all/#'], { username: 'ann', clientId: 'c+1' })).toEqual(['u/ann/#', 'all/#']);
  });
});
