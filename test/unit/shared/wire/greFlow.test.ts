import { describe, expect, it } from 'vitest';
import { GreFlow } from '../../../../shared/wire/greFlow';
import { referenceSequenceCounts } from '../../../integration/wire/tsharkReference';
import { rng } from './helpers';

function run(seqs: number[]) {
  const f = new GreFlow(1, 'a', 'b', 1, 2);
  for (const s of seqs) f.seq(s >>> 0);
  return { lost: f.lost, reordered: f.reordered, duplicates: f.duplicates };
}

describe('GRE sequence accounting', () => {
  it('counts gaps, late arrivals and duplicates', () => {
    expect(run([1, 2, 3, 4])).toEqual({ lost: 0, reordered: 0, duplicates: 0 });
    expect(run([1, 2, 5, 6])).toEqual({ lost: 2, reordered: 0, duplicates: 0 });
    expect(run([1, 3, 2, 4])).toEqual({ lost: 0, reordered: 1, duplicates: 0 });
    expect(run([1, 2, 2, 3, 1])).toEqual({ lost: 0, reordered: 0, duplicates: 2 });
  });

  it('wraps around 2^32', () => {
    expect(run([0xfffffffe, 0xffffffff, 0, 2])).toEqual({ lost: 1, reordered: 0, duplicates: 0 });
  });

  it('agrees with the simple set-based reference on seeded random streams', () => {
    const random = rng(99);
    for (let round = 0; round < 300; round++) {
      const start = Math.floor(random() * 2 ** 32);
      const n = 50 + Math.floor(random() * 400);
      const seqs: number[] = [];
      for (let i = 0; i < n; i++) {
        if (random() < 0.1) continue; // lost
        seqs.push((start + i) >>> 0);
        if (random() < 0.05) seqs.push((start + i) >>> 0); // duplicated
      }
      for (let i = 0; i + 1 < seqs.length; i++) {
        if (random() < 0.08) [seqs[i], seqs[i + 1]] = [seqs[i + 1] as number, seqs[i] as number]; // reordered
      }
      expect(run(seqs)).toEqual(referenceSequenceCounts(seqs));
    }
  });
});

describe('acknowledgment lag', () => {
  it('is the newest number the other direction sent minus the number acknowledged', () => {
    const toServer = new GreFlow(1, 'c', 's', 1, 2);
    const toClient = new GreFlow(2, 's', 'c', 2, 1);
    toServer.reverse = toClient;
    for (let s = 1; s <= 5; s++) toClient.seq(s);
    toServer.ack(3);
    toServer.ack(5);
    expect({
      max: toServer.ackLagMax,
      samples: toServer.ackLagSamples,
      sum: toServer.ackLagSum,
    }).toEqual({ max: 2, samples: 2, sum: 2 });
  });
});
