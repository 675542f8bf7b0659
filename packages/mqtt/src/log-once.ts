/**
 * Remembers which keys (e.g. topic + reason of a malformed payload) were logged, so a problem
 * is logged at `warn` once and its repeats at `debug`. Returns true the first time a key is
 * seen. Holds at most `maxKeys` keys: when full it forgets them all (a problem may then be
 * logged at `warn` again, memory stays bounded).
 */
export function createLogOnce(maxKeys = 10_000): (key: string) => boolean {
  const seen = new Set<string>();
  return (key) => {
    if (seen.has(key)) return false;
    if (seen.size >= maxKeys) seen.clear();
    seen.add(key);
    return true;
  };
}
