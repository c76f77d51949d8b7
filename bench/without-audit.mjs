/**
 * A module hook for the import bench's records-only runs (`node --import tsx --import
 * ./bench/without-audit.mjs`): `src/app/audit/audit.ts` is loaded with its appends and head
 * writes replaced by ones that write nothing, and everything else it exports as it is. Only the
 * bench's child processes load it; no other code can.
 */
import { register } from 'node:module';

register('./without-audit-hooks.mjs', import.meta.url);
