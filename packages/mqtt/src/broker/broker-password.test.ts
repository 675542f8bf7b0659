import { describe, expect, it } from 'vitest';
import { brokerPasswordHashProblem, hashBrokerPassword, secretsEqual, verifyBrokerPassword } from './broker-password.js';

describe('hashBrokerPassword', () => {
  it('round-trips: the password verifies, another one does not; salted', async () => {
    const hash = await hashBrokerPassword('correct horse', { N: 1024 });
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(brokerPasswordHashProblem(hash)).toBeUndefined();
    expect(await verifyBrokerPassword('correct horse', hash)).toBe(true);
    expect(await verifyBrokerPassword('correct horsE', hash)).toBe(false);
    expect(await hashBrokerPassword('correct horse', { N: 1024 })).not.toBe(hash);
  });

  it('uses N = 16384 by default and rejects malformed hashes', async () => {
    expect(await hashBrokerPassword('x')).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyBrokerPassword('x', 'scrypt$1000$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==')).toBe(false);
    expect(brokerPasswordHashProblem('plain')).toMatch(/scrypt\$N\$r\$p\$salt\$hash/);
    await expect(hashBrokerPassword('x', { N: 1000 })).rejects.toThrow(/power of two/);
  });

  it('compares secrets of any lengths', () => {
    expect(secretsEqual('abc', Buffer.from('abc'))).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
  });
});
