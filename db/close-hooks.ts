// Work a database owes before its handle closes (rows held in memory to be written in batches), registered by the
// module that holds it and run by the handle's close(). Holds no database code itself, so that client.ts needs no query.

const hooks = new WeakMap<object, Set<() => Promise<void>>>();

/** Runs `hook` when the handle of `db` closes (once per hook, however often it is registered). */
export function beforeClose(db: object, hook: () => Promise<void>): void {
  const set = hooks.get(db) ?? new Set();
  hooks.set(db, set);
  set.add(hook);
}

/** Runs the hooks registered for `db`, each once, all of them even when one fails (its error is thrown after). */
export async function runCloseHooks(db: object): Promise<void> {
  const set = hooks.get(db);
  if (!set) return;
  hooks.delete(db);
  const failures: unknown[] = [];
  for (const hook of set) await hook().catch((err: unknown) => failures.push(err));
  if (failures.length) throw failures[0];
}
