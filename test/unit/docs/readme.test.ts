import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEGIN, END, renderPermissions } from '../../../scripts/readme-permissions.ts';
import { CAUSE_IDS, CHECK_IDS, ACTION_IDS } from '../../../shared/domain/model.ts';
import { COMMANDS } from '../../../cli/commands/index.ts';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README claims what the code does', () => {
  it('lists exactly the permissions of the read table and the actions (run npx tsx scripts/readme-permissions.ts)', () => {
    const start = README.indexOf(BEGIN);
    const end = README.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(README.slice(start + BEGIN.length, end).trim()).toBe(renderPermissions());
  });

  it('documents every cause, every check, every action and every command', () => {
    for (const id of CAUSE_IDS) expect(README, `cause ${id}`).toContain(`\`${id}\``);
    for (const id of CHECK_IDS) expect(README, `check ${id}`).toContain(`\`${id}\``);
    for (const id of ACTION_IDS) expect(README, `action ${id}`).toContain(`\`${id}\``);
    for (const name of Object.keys(COMMANDS)) expect(README, `command ${name}`).toContain(`apigw-doctor ${name}`);
  });

  it('shows the two commands a new user runs, and links only docs that exist', () => {
    expect(README).toContain('npm ci && npm run demo');
    expect(README).toContain('npm test');
    for (const [, path] of README.matchAll(/\]\(((?:docs|events)\/[^)#]+)\)/g)) {
      expect(() => readFileSync(new URL(`../../../${path ?? ''}`, import.meta.url)), path).not.toThrow();
    }
  });
});
