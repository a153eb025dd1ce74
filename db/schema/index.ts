// Every table of the gongkai database; drizzle-kit reads this to generate migrations.
export * from './regions.js';
export * from './agencies.js';
export * from './sites-runs.js';
export * from './documents.js';
export * from './reports.js';
export * from './facts-findings.js';
export * from './roster.js';
