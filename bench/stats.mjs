// Shared by the benchmark scripts: latency summaries and JSON answers that must be 2xx.
export const json = async (res) => {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body;
};

export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/** Throughput over the wall time and the p50 / p99 of the latencies (ms). */
export const summarise = (latencies, wallMs) => {
  const s = [...latencies].sort((a, b) => a - b);
  return { count: latencies.length, perSecond: Math.round((latencies.length / wallMs) * 1000), p50Ms: percentile(s, 50), p99Ms: percentile(s, 99), wallMs };
};

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
