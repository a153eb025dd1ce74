// The directory lock under real contention: processes started at the same instant against a lock whose holder was
// killed (SIGKILL leaves its file behind) — exactly one wins every time; a live holder keeps it; a released lock is
// taken again.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDirLock, lockHolder } from '../../db/dir-lock.js';

const CONTENDER = path.resolve('test/db/dir-lock-contender.ts');

function contend(dir: string, startAt: number, holdMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CONTENDER, dir, String(startAt), String(holdMs)]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(out.trim()));
  });
}

/** A pid that no process has any more: a child that already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('close', r));
  return child.pid!;
}

describe('acquireDirLock', () => {
  it("lets exactly one of several simultaneous starts take over a dead holder's lock, every round", async () => {
    const rounds = 10;
    const contenders = 2;
    const winners: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-lock-'));
      // What a SIGKILLed holder leaves: its pid in the lock, in the current layout and in the old one.
      fs.writeFileSync(path.join(dir, round % 2 ? '.gongkai.lock.3' : '.gongkai.lock'), String(await deadPid()));
      const startAt = Date.now() + 4000; // every child is up and spinning by then (two: one per core, truly at once)
      const results = await Promise.all(Array.from({ length: contenders }, () => contend(dir, startAt, 1500)));
      expect(
        results.every((r) => r === 'won' || r === 'lost'),
        results.join(','),
      ).toBe(true);
      winners.push(results.filter((r) => r === 'won').length);
    }
    expect(winners).toEqual(Array(rounds).fill(1));
  }, 180_000);

  it("keeps a live holder's lock, names it, and hands the lock on once released", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-lock-'));
    const lock = acquireDirLock(dir);
    expect(lock).not.toBeNull();
    expect(lockHolder(dir)).toBe(process.pid);
    expect(acquireDirLock(dir)).toBeNull();
    lock!.release();
    expect(lockHolder(dir)).toBeUndefined();
    const again = acquireDirLock(dir);
    expect(again).not.toBeNull();
    again!.release();
    // Generations are kept short: the old ones are removed by each new holder.
    expect(fs.readdirSync(dir).sort()).toEqual(['.gongkai.lock.1']);
  });
});
