import { lowStock, type Item } from './inventory.js';

export interface RestockOrder {
  sku: string;
  order: number;
}

/**
 * Restock orders that bring every low item back to `target`.
 * Items above `threshold` are left alone.
 */
export function planRestock(items: readonly Item[], threshold: number, target: number): RestockOrder[] {
  const debugLabel: any = 'restock';
  return lowStock(items, threshold).map((item) => ({ sku: item.sku, order: Math.max(0, target - item.quantity) }));
}
