import { EndpointLanes, LANE_CONCURRENCY } from './endpoint-lanes';

const never = () => new Promise<never>(() => undefined);

describe('endpoint lanes', () => {
  it('keeps a healthy endpoint moving while three dead ones have a thousand sends waiting', async () => {
    const lanes = new EndpointLanes();
    try {
      for (let i = 0; i < 1_000; i += 1) {
        void lanes.run(`webhook:dead-${i % 3}:80`, `d${i}`, `s${i}`, never);
      }
      for (const dead of [0, 1, 2]) {
        expect(lanes.load(`webhook:dead-${dead}:80`)).toMatchObject({ running: LANE_CONCURRENCY });
      }
      const started = performance.now();
      let ran = 0;
      for (let i = 0; i < 20; i += 1) {
        await lanes.run('webhook:healthy:80', `h${i}`, 'healthy', () => {
          ran += 1;
          return Promise.resolve('healthy' as const);
        });
      }
      expect(ran).toBe(20);
      // Generous: microseconds each, whatever the dead endpoints owe.
      expect(performance.now() - started).toBeLessThan(1_000);
    } finally {
      lanes.onApplicationShutdown();
    }
  });

  it('backs off an endpoint on its own after failures, and runs one subscription’s sends in order', async () => {
    const lanes = new EndpointLanes();
    try {
      await lanes.run('webhook:down:80', 'x1', 's', () => Promise.resolve('failing' as const));
      expect(lanes.load('webhook:down:80').coolingMs).toBeGreaterThan(500);
      let other = false;
      await lanes.run('webhook:up:80', 'y1', 's2', () =>
        Promise.resolve(((other = true), 'healthy' as const)),
      );
      expect(other).toBe(true);

      const order: string[] = [];
      const slow = (id: string, ms: number) => () =>
        new Promise<'healthy'>((resolve) => setTimeout(() => (order.push(id), resolve('healthy')), ms));
      await Promise.all([
        lanes.run('webhook:up:80', 'a1', 'sub-a', slow('a1', 30)),
        lanes.run('webhook:up:80', 'a2', 'sub-a', slow('a2', 1)),
        lanes.run('webhook:up:80', 'a1', 'sub-a', slow('a1-again', 1)),
      ]);
      expect(order).toEqual(['a1', 'a2']);
    } finally {
      lanes.onApplicationShutdown();
    }
  });
});
