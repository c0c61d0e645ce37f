import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

/** Prometheus metrics of one process (`GET /metrics`). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'steerbot_' });
  const commands = new Counter({
    name: 'steerbot_commands_total',
    help: 'Chat commands handled, by platform, command and outcome',
    labelNames: ['platform', 'command', 'outcome'] as const,
    registers: [registry],
  });
  return { registry, commands };
}

export type Metrics = ReturnType<typeof createMetrics>;
