/**
 * The tests Stryker runs for each mutant of the outbox and the sync client (stryker.config.json):
 * the test files that reach them, loaded into one process, which node:test fails with exit code 1.
 * One process instead of one per file (`node --test`) makes a mutant take a second, not ten; and the
 * first failing test ends the process (node 20's node:test has no bail), so a killed mutant costs
 * only the tests up to it. The slow client file (600 edits pushed) runs last for that reason.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';

const FILES = ['outbox', 'quarantine', 'sync-round', 'bisect', 'rebase', 'client'];

const nodeTest = createRequire(import.meta.url)('node:test');
const { test } = nodeTest;
nodeTest.test = (name, fn) => test(name, async (t) => {
  try {
    await fn(t);
  } catch (error) {
    console.error(`not ok - ${name}\n`, error);
    process.exit(1);
  }
});
syncBuiltinESMExports();

for (const name of FILES) await import(`../tests/${name}.test.js`);
