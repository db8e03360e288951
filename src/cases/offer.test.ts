import { describe, expect, it } from 'vitest';
import { pickWorker, type Candidate } from './offer.ts';

const c = (name: string, roles: string[], openCases: number): Candidate => ({ person: { name, telegram: `@${name}` }, roles, openCases });

describe('offering a case', () => {
  it('prefers a matching specialist with the fewest open cases', () => {
    const staff = [c('anna', ['peer_worker'], 0), c('boris', ['doctor'], 3), c('vera', ['doctor'], 1)];
    expect(pickWorker(staff, ['severe_injection_complications'])?.person.name).toBe('vera');
  });
  it('falls back to whoever on duty has the fewest open cases', () => {
    const staff = [c('anna', [], 2), c('boris', ['lawyer'], 1)];
    expect(pickWorker(staff, ['hr_services'])?.person.name).toBe('boris');
    expect(pickWorker([], ['overdose'])).toBeUndefined();
  });
});
