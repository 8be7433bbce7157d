// Synthesizes one shard of a zone's records in a worker thread; plain JSON travels back.
import { parentPort, workerData } from 'node:worker_threads';
import type { ZoneState } from '../desired-state.js';
import { synthShard } from './shard.js';
import type { ZoneStackOptions } from './zone-stack.js';

const { zone, options } = workerData as { zone: ZoneState; options: ZoneStackOptions };
parentPort!.postMessage(synthShard(zone, options));
