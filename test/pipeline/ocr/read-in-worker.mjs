// Worker entry: registers tsx's TypeScript loader in this thread, then runs the TypeScript worker (read-in-worker-main.ts).
import { register } from 'tsx/esm/api';

register();
await import('./read-in-worker-main.ts');
