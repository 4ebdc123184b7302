import { describe, expect, it } from 'vitest';
import { createApiService } from '../src-main/host/api-service';
import { MEMORY_STORE_WARNING, memorySecretStore } from '../src-main/host/memory-secret-store';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

describe('the web host’s secret store', () => {
  it('keeps values in memory only, lists names, and says so', () => {
    const s = memorySecretStore(() => new Date('2026-01-02T03:04:05Z'));
    s.set('ORDERS_TOKEN', 'tok-1');
    expect(s.get('ORDERS_TOKEN')).toBe('tok-1');
    expect(s.list()).toEqual([{ name: 'ORDERS_TOKEN', updatedAt: '2026-01-02T03:04:05.000Z' }]);
    expect(s.status()).toEqual({ encrypted: false, warning: MEMORY_STORE_WARNING });
    expect(() => s.set('bad name', 'x')).toThrow(/not a secret name/);
    expect(s.delete('ORDERS_TOKEN')).toBe(true);
    expect(s.delete('ORDERS_TOKEN')).toBe(false);
  });

  it('through the API: set is write-only, list shows the source, and nothing reaches the data dir', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'waymark-memsecrets-'));
    const service = createApiService({
      dataDir,
      examplesDir: dataDir,
      workspace: dataDir,
      secretStore: memorySecretStore(),
    });
    try {
      await service.dispatch('secrets.set', { name: 'API_TOKEN', value: 'planted-value-123' });
      const listing = await service.dispatch('secrets.list', { names: ['API_TOKEN', 'OTHER'] });
      expect(listing).toMatchObject({
        result: {
          writable: true,
          encrypted: false,
          warning: MEMORY_STORE_WARNING,
          secrets: [
            { name: 'API_TOKEN', source: 'store' },
            { name: 'OTHER', source: 'missing' },
          ],
        },
      });
      expect(JSON.stringify(listing)).not.toContain('planted-value-123');
      service.close();
      for (const f of await readdir(dataDir, { recursive: true }))
        expect((await readFile(path.join(dataDir, f)).catch(() => Buffer.alloc(0))).toString('latin1')).not.toContain(
          'planted-value-123',
        );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
