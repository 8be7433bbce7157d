// Parses a share of the register in a worker thread; only plain values travel back.
import { parentPort, workerData } from 'node:worker_threads';
import { parseFileQuickly } from '../repo/load.js';
import type { ShapeKind } from '../schema/validate-shape.js';
import { readNoFollow, type WorkerResult } from './parallel-load.js';

const { root, paths, kind } = workerData as { root: string; paths: string[]; kind: ShapeKind };
const results: WorkerResult[] = paths.map((path) => {
  const bytes = readNoFollow(root, path);
  if (!(bytes instanceof Uint8Array)) return { path, ok: false, problems: bytes };
  const loaded = parseFileQuickly(path, bytes, kind);
  return loaded.ok ? { path, ok: true, value: loaded.value } : { path, ok: false, problems: loaded.problems };
});
parentPort!.postMessage(results);
