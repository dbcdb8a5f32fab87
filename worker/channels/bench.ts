/**
 * The full-resync benchmark (development only, POST /api/v1/dev/bench/resync):
 * n SKUs to each mall under its documented limit, in simulated time, with the
 * sync engine's own pacing (rate-limit.ts nextStep, as the ChannelSync DO runs
 * it) and a mall answering each call in `latencyMs`. Real time would take
 * hours for Amazon (one SKU a call at 5 a second).
 */
import { CHANNEL_TYPES } from './adapter';
import { resyncFloorMs, simulatePush } from './rate-limit';
import { adapterFor } from './registry';

export const benchResync = (skus: number, latencyMs: number) =>
  CHANNEL_TYPES.map((type) => {
    const limits = adapterFor(type).limits;
    const run = simulatePush(skus, limits, latencyMs);
    // The floor: every call at the documented rate after the burst, plus the last call's own latency.
    const floorMs = resyncFloorMs(skus, limits) + latencyMs;
    return { type, limits, calls: run.calls, simulatedMs: run.ms, floorMs, ratio: run.ms / floorMs };
  });
