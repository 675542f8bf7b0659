import { RongtongError } from '@rongtong/core';
import type { Page, PageRequest } from '@rongtong/platform';
import { describe, expect, it } from 'vitest';
import { collectPages, expectRongtongError, plain } from './helpers.js';

describe('contract helpers', () => {
  it('plain turns Buffers (anywhere in a record) into plain Uint8Arrays with the same bytes', () => {
    const out = plain({ a: Buffer.from([1, 2]), list: [{ b: Buffer.from([3]) }], n: 5n, s: 'x' });
    expect(out).toStrictEqual({ a: new Uint8Array([1, 2]), list: [{ b: new Uint8Array([3]) }], n: 5n, s: 'x' });
    expect(Object.getPrototypeOf(out.a)).toBe(Uint8Array.prototype);
  });

  it('collectPages follows next tokens to the end and reports page sizes', async () => {
    const data = ['a', 'b', 'c', 'd', 'e'];
    const list = (page: PageRequest): Promise<Page<string>> => {
      const start = page.pageToken === '' ? 0 : Number(page.pageToken);
      const end = start + page.pageSize;
      return Promise.resolve({ items: data.slice(start, end), nextPageToken: end < data.length ? String(end) : '' });
    };
    expect(await collectPages(list, 2)).toEqual({ items: data, pageSizes: [2, 2, 1] });
  });

  it('expectRongtongError passes on the right code and fails on another code, a plain error or success', async () => {
    expect((await expectRongtongError(Promise.reject(new RongtongError('CONFLICT', 'x')), 'CONFLICT')).message).toBe('x');
    await expect(expectRongtongError(Promise.reject(new RongtongError('NOT_FOUND', 'x')), 'CONFLICT')).rejects.toThrow(/NOT_FOUND/);
    await expect(expectRongtongError(Promise.reject(new Error('boom')), 'CONFLICT')).rejects.toThrow(/boom/);
    await expect(expectRongtongError(Promise.resolve(1), 'CONFLICT')).rejects.toThrow(/resolved/);
  });
});
