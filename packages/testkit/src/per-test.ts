import { afterEach, beforeEach } from 'vitest';

/** What a contract suite's factory gives: the object under test under `name`, and an optional cleanup. */
export type UnderTest<K extends string> = Record<K, { close(): Promise<void> }> & {
  /** Called after the object is closed (e.g. to delete files or stop a server). */
  cleanup?(): Promise<void>;
};

/**
 * A fresh object per test: registers, in the enclosing `describe`, a `beforeEach` that
 * calls `factory` and an `afterEach` that closes the object it gave (`name`) and then calls
 * its `cleanup`. Returns the current object; that throws when the factory did not run or failed.
 */
export function freshPerTest<K extends string, U extends UnderTest<K>>(name: K, factory: () => Promise<U>): () => U[K] {
  let current: U | undefined;
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(async () => {
    const done = current;
    current = undefined;
    if (done) {
      await done[name].close();
      await done.cleanup?.();
    }
  });
  return () => {
    if (!current) throw new Error(`no ${name}: the factory did not run or failed`);
    return current[name];
  };
}
