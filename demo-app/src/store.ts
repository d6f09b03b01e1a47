import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface Product {
  id: number;
  name: string;
  priceCents: number;
  stock: number;
}

export interface OrderLine {
  productId: number;
  quantity: number;
  priceCents: number;
}

export interface StoredOrder {
  id: string;
  createdAt: string;
  status: string;
  paymentId: string;
  totalCents: number;
  lines: (OrderLine & { name: string })[];
}

/** Thrown when an order asks for more than is in stock; the order is not stored. */
export class OutOfStockError extends Error {
  override name = 'OutOfStockError';
  constructor(
    readonly productId: number,
    readonly requested: number,
    readonly available: number,
  ) {
    super(`product ${productId} has ${available} in stock, ${requested} requested`);
  }
}

/** The lab's three widgets, with stock so a long traffic run does not empty the shop. */
const SEED_PRODUCTS: Product[] = [
  { id: 1, name: 'Widget A', priceCents: 2999, stock: 100_000 },
  { id: 2, name: 'Widget B', priceCents: 3999, stock: 75_000 },
  { id: 3, name: 'Widget C', priceCents: 4999, stock: 50_000 },
];

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS products (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    price_cents INTEGER NOT NULL,
    stock INTEGER NOT NULL CHECK (stock >= 0)
  );
  CREATE TABLE IF NOT EXISTS orders (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL,
    payment_id TEXT NOT NULL,
    total_cents INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS order_items (
    order_id TEXT NOT NULL REFERENCES orders(id),
    product_id INTEGER NOT NULL REFERENCES products(id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    price_cents INTEGER NOT NULL,
    PRIMARY KEY (order_id, product_id)
  );
`;

/** The SQL text of the product listing, also reported as db.query.text on its span. */
export const LIST_PRODUCTS_SQL = 'SELECT id, name, price_cents, stock FROM products ORDER BY id';

interface ProductRow {
  id: number;
  name: string;
  price_cents: number;
  stock: number;
}

function toProduct(row: ProductRow): Product {
  return { id: row.id, name: row.name, priceCents: row.price_cents, stock: row.stock };
}

export type ShopStore = ReturnType<typeof openShopStore>;

/** Opens (creating and seeding on first use) the shop database in `dataDir`; ':memory:' for tests. */
export function openShopStore(dataDir: string) {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, 'shop.sqlite');
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  const seed = db.prepare(
    'INSERT OR IGNORE INTO products (id, name, price_cents, stock) VALUES (@id, @name, @priceCents, @stock)',
  );
  db.transaction(() => {
    for (const product of SEED_PRODUCTS) seed.run(product);
  })();

  const listProducts = db.prepare<[], ProductRow>(LIST_PRODUCTS_SQL);
  const getProduct = db.prepare<[number], ProductRow>(
    'SELECT id, name, price_cents, stock FROM products WHERE id = ?',
  );
  const takeStock = db.prepare<[number, number, number]>(
    'UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?',
  );
  const setStock = db.prepare<[number, number]>('UPDATE products SET stock = ? WHERE id = ?');
  const insertOrder = db.prepare(
    'INSERT INTO orders (id, created_at, status, payment_id, total_cents) VALUES (?, ?, ?, ?, ?)',
  );
  const insertLine = db.prepare(
    'INSERT INTO order_items (order_id, product_id, quantity, price_cents) VALUES (?, ?, ?, ?)',
  );
  const getOrder = db.prepare<
    [string],
    { id: string; created_at: string; status: string; payment_id: string; total_cents: number }
  >('SELECT id, created_at, status, payment_id, total_cents FROM orders WHERE id = ?');
  const getLines = db.prepare<
    [string],
    { product_id: number; quantity: number; price_cents: number; name: string }
  >(
    `SELECT i.product_id, i.quantity, i.price_cents, p.name
       FROM order_items i JOIN products p ON p.id = i.product_id
      WHERE i.order_id = ? ORDER BY i.product_id`,
  );

  // Stock held by orders between validation and update_inventory, so two orders paying at the
  // same time cannot both count the same units. One process owns the database, so memory will do.
  const reserved = new Map<number, number>();
  const available = (product: Product) => product.stock - (reserved.get(product.id) ?? 0);

  const placeOrder = db.transaction(
    (order: { id: string; paymentId: string; totalCents: number; lines: OrderLine[] }) => {
      for (const line of order.lines) {
        const taken = takeStock.run(line.quantity, line.productId, line.quantity);
        if (taken.changes === 0) {
          const available = getProduct.get(line.productId)?.stock ?? 0;
          throw new OutOfStockError(line.productId, line.quantity, available);
        }
      }
      insertOrder.run(
        order.id,
        new Date().toISOString(),
        'created',
        order.paymentId,
        order.totalCents,
      );
      for (const line of order.lines) {
        insertLine.run(order.id, line.productId, line.quantity, line.priceCents);
      }
    },
  );

  return {
    listProducts: (): Product[] => listProducts.all().map(toProduct),
    /** Stock not yet held by orders in progress. */
    available,
    /**
     * Holds the lines' stock for an order in progress, or throws OutOfStockError. Call the returned
     * function once the order is placed or has failed.
     */
    reserve: (lines: OrderLine[]): (() => void) => {
      for (const line of lines) {
        const product = getProduct.get(line.productId);
        const free = product ? available(toProduct(product)) : 0;
        if (free < line.quantity) throw new OutOfStockError(line.productId, line.quantity, free);
      }
      for (const line of lines) {
        reserved.set(line.productId, (reserved.get(line.productId) ?? 0) + line.quantity);
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        for (const line of lines) {
          const left = (reserved.get(line.productId) ?? 0) - line.quantity;
          if (left > 0) reserved.set(line.productId, left);
          else reserved.delete(line.productId);
        }
      };
    },
    getProduct: (id: number): Product | undefined => {
      const row = getProduct.get(id);
      return row ? toProduct(row) : undefined;
    },
    /** Takes the stock and stores the order in one transaction, or throws OutOfStockError. */
    placeOrder: (order: {
      id: string;
      paymentId: string;
      totalCents: number;
      lines: OrderLine[];
    }): void => placeOrder(order),
    getOrder: (id: string): StoredOrder | undefined => {
      const row = getOrder.get(id);
      if (!row) return undefined;
      return {
        id: row.id,
        createdAt: row.created_at,
        status: row.status,
        paymentId: row.payment_id,
        totalCents: row.total_cents,
        lines: getLines.all(id).map((line) => ({
          productId: line.product_id,
          name: line.name,
          quantity: line.quantity,
          priceCents: line.price_cents,
        })),
      };
    },
    /** For tests and operators: set a product's stock level. */
    setStock: (id: number, stock: number): void => {
      setStock.run(stock, id);
    },
    close: (): void => {
      db.close();
    },
  };
}
