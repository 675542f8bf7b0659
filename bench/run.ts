/**
 * Runs the benchmarks in this folder and writes each one's results into its own section
 * of docs/benchmarks.md (between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`).
 * Usage: pnpm bench [name …]   (no names: all of them)
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What a benchmark module exports. */
export interface BenchModule {
  /** What it measures, one line. */
  readonly title: string;
  /** Runs it (bounded in time and count, loopback only) and returns a markdown body. */
  run(): Promise<string>;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const docPath = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
const wanted = process.argv.slice(2);
const names = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort();

let doc = readFileSync(docPath, 'utf8');
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node.js ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
for (const name of names) {
  const mod = (await import(pathToFileURL(`${here}${name}.bench.ts`).href)) as BenchModule;
  console.log(`bench ${name}: ${mod.title}`);
  const body = await mod.run();
  console.log(body);
  const section = `<!-- bench:${name} -->\n### ${mod.title}\n\n_${machine}; \`pnpm bench ${name}\`_\n\n${body}\n<!-- /bench:${name} -->`;
  const pattern = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
  doc = pattern.test(doc) ? doc.replace(pattern, section) : `${doc.trimEnd()}\n\n${section}\n`;
}
writeFileSync(docPath, doc);
