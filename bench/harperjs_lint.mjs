// A small command line around harper.js (WASM LocalLinter, Markdown mode) for bench/run.py.
// Usage: node harperjs_lint.mjs NODE_PREFIX FILE_OR_DIR...
// NODE_PREFIX is the folder whose node_modules holds harper.js (the peers' scratch folder).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [prefix, ...inputs] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(join(prefix, 'node_modules', 'harper.js', 'dist', file)).href);
const { LocalLinter } = await load('index.js');
const { binary } = await load('binary.js');

const files = inputs.flatMap((input) => statSync(input).isDirectory()
  ? readdirSync(input).filter((name) => name.endsWith('.md')).sort().map((name) => join(input, name))
  : [input]);
const linter = new LocalLinter({ binary });
await linter.setup();
let lints = 0;
for (const file of files) {
  lints += (await linter.lint(readFileSync(file, 'utf8'), { language: 'markdown' })).length;
}
console.log(`${files.length} files, ${lints} lints`);
