#!/usr/bin/env node
// The `gongkai` executable: registers tsx so the TypeScript sources run as they are, then hands over to cli/main.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
