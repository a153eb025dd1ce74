// Politeness per host: at most `concurrency` requests at a time in this process, and starts at least `delayMs`
// apart across every process on the same database (a reservation in host_slots).
import pLimit, { type LimitFunction } from 'p-limit';
import type { Database } from '../../db/client.js';
import { releaseHostSlot, reserveHostSlot } from '../../db/queries/host-slots.js';

/** Politeness without a database (probing one site): the same rules, kept in this process. */
export class LocalPoliteness {
  private readonly limits = new Map<string, LimitFunction>();
  private readonly next = new Map<string, number>();

  async run<T>(host: string, delayMs: number, concurrency: number, fn: () => Promise<T>): Promise<T> {
    let limit = this.limits.get(host);
    if (!limit) {
      limit = pLimit(concurrency);
      this.limits.set(host, limit);
    }
    return limit(async () => {
      const wait = (this.next.get(host) ?? 0) - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      try {
        return await fn();
      } finally {
        this.next.set(host, Date.now() + delayMs);
      }
    });
  }
}

export class Politeness {
  private readonly limits = new Map<string, LimitFunction>();

  constructor(private readonly db: Database) {}

  async run<T>(host: string, delayMs: number, concurrency: number, fn: () => Promise<T>): Promise<T> {
    let limit = this.limits.get(host);
    if (!limit) {
      limit = pLimit(concurrency);
      this.limits.set(host, limit);
    }
    return limit(async () => {
      if (delayMs > 0) {
        const wait = await reserveHostSlot(this.db, host, delayMs);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      try {
        return await fn();
      } finally {
        if (delayMs > 0) await releaseHostSlot(this.db, host, delayMs);
      }
    });
  }
}
