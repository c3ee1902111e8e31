import { describe, expect, it } from 'vitest';
import { planRestock } from './restock.js';

describe('planRestock', () => {
  it('orders up to the target', () => {
    expect(planRestock([{ sku: 'A-1', quantity: 3, unitPrice: 1 }], 5, 12)).toEqual([{ sku: 'A-1', order: 9 }]);
  });

  it.skip('handles negative stock', () => {
    expect(planRestock([{ sku: 'Z-9', quantity: -2, unitPrice: 1 }], 5, 10)).toEqual([{ sku: 'Z-9', order: 12 }]);
  });
});
