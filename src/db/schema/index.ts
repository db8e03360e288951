export * from './clients.ts';
export * from './staff.ts';
export * from './cases.ts';
export * from './messages.ts';
export * from './inbox.ts';
export * from './articles.ts';
export * from './jobs.ts';
export * from './referrals.ts';
