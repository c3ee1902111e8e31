export interface Item {
  sku: string;
  quantity: number;
  unitPrice: number;
}

/** Total value of the stock, in the same currency unit as `unitPrice`. */
export function stockValue(items: readonly Item[]): number {
  return items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
}

/** Items whose quantity is at or below `threshold`. */
export function lowStock(items: readonly Item[], threshold: number): Item[] {
  return items.filter((item) => item.quantity <= threshold);
}
