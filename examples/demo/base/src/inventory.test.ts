import { describe, expect, it } from 'vitest';
import { lowStock, stockValue } from './inventory.js';

const items = [
  { sku: 'A-1', quantity: 3, unitPrice: 2.5 },
  { sku: 'B-2', quantity: 10, unitPrice: 1 },
];

describe('inventory', () => {
  it('sums the stock value', () => {
    expect(stockValue(items)).toBe(17.5);
  });

  it('finds low stock', () => {
    expect(lowStock(items, 5).map((i) => i.sku)).toEqual(['A-1']);
  });
});
