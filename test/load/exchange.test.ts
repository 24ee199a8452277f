import { describe, expect, it } from 'vitest';
import { bodySource } from '../../src/load/bodies.js';
import { Exchange, sourceIn } from '../../src/load/exchange.js';
import { payloadGenerator } from '../../src/load/payload.ts';

describe('the send path', () => {
  it('reads the source an answer names without parsing it, unparsable when there is none', () => {
    expect(sourceIn(Buffer.from('{"user_id":"u","source":"claude","interpretation":"the \\"source\\":\\"x\\""}'))).toBe('claude');
    expect(sourceIn(Buffer.from('{"source":"db_temporal"}'))).toBe('db_temporal');
    expect(sourceIn(Buffer.from('{"source":1}'))).toBe('unparsable');
    expect(sourceIn(Buffer.from('not json'))).toBe('unparsable');
    expect(sourceIn(Buffer.from('{"source":"a\\"b"}'))).toBe('unparsable');
    expect(sourceIn(Buffer.from(`{"source":"${'x'.repeat(65)}"}`))).toBe('unparsable');
    expect(sourceIn(Buffer.alloc(0))).toBe('unparsable');
  });

  it('sends the bodies payloadGenerator makes, in the same order, each encoded once and reused', () => {
    const bodies = bodySource(9);
    const objects = payloadGenerator(9);
    const seen = new Map<string, Buffer>();
    let reused = 0;
    for (let i = 0; i < 5000; i++) {
      const body = bodies();
      const text = JSON.stringify(objects());
      expect(body.toString()).toBe(text);
      if (seen.get(text) === body) reused += 1;
      seen.set(text, body);
    }
    // 5,000 draws from 2,000 user × period pairs: most repeat, and a repeat is the same buffer.
    expect(reused).toBe(5000 - seen.size);
    expect(seen.size).toBeLessThanOrEqual(2000);
  });

  it('reports a request written once, even when undici calls onConnect again for a retry, and again after a reset', () => {
    const written: number[] = [];
    const x = new Exchange({ written: (e) => written.push(e.dueMs), answered: () => {}, failed: () => {} }).reset(5, 5);
    x.onConnect();
    x.onConnect();
    expect(written).toEqual([5]);
    x.reset(9, 9).onConnect();
    expect(written).toEqual([5, 9]);
  });
});
