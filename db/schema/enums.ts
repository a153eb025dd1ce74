// Value lists shared by the schema and the CLI; kept free of drizzle imports so that `gongkai --help` stays fast.
export const AGENCY_LEVELS = ['province', 'city', 'county', 'township', 'department', 'other'] as const;
export const TEMPLATES = ['2019', '2021', 'pre2019', 'unknown'] as const;
/** A best … D worst readable, F unreadable. */
export const GRADES = ['A', 'B', 'C', 'D', 'F'] as const;
