import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('../src/', import.meta.url));

describe('@coffer/client runtime imports', () => {
  it('imports the server router only as a type, so no server code reaches a frontend bundle', () => {
    for (const file of readdirSync(srcDir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(`${srcDir}${file}`, 'utf8');
      for (const match of source.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*from\s+'@coffer\/[^']+'/gm)) {
        expect(match[2], `${file}: ${match[0].trim()}`).toBe('type ');
      }
    }
  });
});
