// The dashboard's page files are not TypeScript: copy them beside the compiled server (dist/ui/static).
import { cpSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
cpSync(join(root, 'src', 'ui', 'static'), join(root, 'dist', 'ui', 'static'), { recursive: true });
