/**
 * The tests Stryker runs for each mutant of the outbox and the sync client (stryker.config.json):
 * the test files that reach them, loaded into one process, which node:test fails with exit code 1.
 * One process instead of one per file (`node --test`) makes a mutant take a second, not ten.
 */
const FILES = ['outbox', 'quarantine', 'client', 'sync-round', 'bisect', 'rebase'];

for (const name of FILES) await import(`../tests/${name}.test.js`);
