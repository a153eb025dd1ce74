// The one pino logger: pretty lines when a person watches stderr, JSON lines otherwise (logs never go to stdout).
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export function createLogger(level: string, verbose = false): Logger {
  const effective = verbose && level === 'info' ? 'debug' : level;
  if (process.stderr.isTTY) {
    return pino({ level: effective }, pretty({ destination: 2, sync: true, colorize: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' }));
  }
  return pino({ level: effective }, pino.destination({ dest: 2, sync: true }));
}
