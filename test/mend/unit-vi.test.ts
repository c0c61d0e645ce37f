import { describe, expect, it } from 'vitest';
import { useWorld } from '../core/harness.ts';

describe('unit names in both languages', () => {
  const w = useWorld('pglite');

  it('/unit add takes vi:"Tên"; a vi chat shows the Vietnamese name, an en chat the English one', async () => {
    expect(
      await w.say(
        w.admin,
        '/unit add MOF "Ministry of Finance" vi:"Bộ Tài chính" block:government kind:ministry',
      ),
    ).toMatch(/^Unit MOF added: Ministry of Finance/);
    expect(await w.say(w.admin, '/unit list')).toContain('MOF  Ministry of Finance');
    const [row] = await w.history('unit', 'MOF');
    expect(row?.changes).toMatchObject({ name: 'Ministry of Finance', nameVi: 'Bộ Tài chính' });
    await w.setup('/wg lang vi');
    expect(await w.say(w.admin, '/unit list')).toContain('MOF  Bộ Tài chính');
    expect(
      await w.say(
        w.admin,
        '/unit add MIC "Ministry of Information" vi:"Bộ Thông tin và Truyền thông" block:government kind:ministry',
      ),
    ).toMatch(/: Bộ Thông tin và Truyền thông/);
  });
});
