import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Tracer } from '@opentelemetry/api';
import {
  errorResponder,
  HttpError,
  hasBody,
  jsonBody,
  type Latency,
  type Logger,
  notFound,
  parseBody,
  standardRoutes,
  withSpan,
} from '@otel-lab/service-kit';
import express, { type RequestHandler } from 'express';
import type { AppMetrics } from './metrics.js';
import { type OrderService, orderRequestSchema } from './orders.js';
import { LIST_PRODUCTS_SQL, type ShopStore } from './store.js';

export interface DemoAppDeps {
  store: ShopStore;
  orders: OrderService;
  metrics: AppMetrics;
  latency: Latency;
  tracer: Tracer;
  logger: Logger;
  serveMetrics: (request: IncomingMessage, response: ServerResponse) => void;
}

const ORDER_ID = /^order-[0-9a-f]{1,32}$/;

const dollars = (cents: number) => cents / 100;

/** Counts the request in the lab's metrics under `endpoint`, whatever its outcome. */
function tracked(metrics: AppMetrics, endpoint: string): RequestHandler {
  return (_request, response, next) => {
    const done = metrics.start(endpoint);
    response.once('close', () => done(response.statusCode < 400 ? 'success' : 'error'));
    next();
  };
}

export function createDemoApp(deps: DemoAppDeps) {
  const { store, orders, metrics, latency, tracer } = deps;
  const app = express();
  app.disable('x-powered-by');

  app.use(standardRoutes(deps.serveMetrics));

  app.post(
    '/api/orders',
    tracked(metrics, '/api/orders'),
    ...jsonBody(),
    async (request, response) => {
      const order = await orders.place(
        hasBody(request) ? parseBody(orderRequestSchema, request.body, 'order') : undefined,
      );
      response
        .status(201)
        .location(`/api/orders/${order.id}`)
        .json({
          order_id: order.id,
          status: 'created',
          payment_id: order.paymentId,
          total: dollars(order.totalCents),
          items: order.lines.map((line) => ({
            product_id: line.productId,
            quantity: line.quantity,
            price: dollars(line.priceCents),
          })),
        });
    },
  );

  app.get('/api/orders/:id', tracked(metrics, '/api/orders/:id'), (request, response) => {
    const id = String(request.params.id);
    if (!ORDER_ID.test(id)) {
      throw new HttpError(
        400,
        `invalid order id ${JSON.stringify(id.slice(0, 64))}: expected order-<hex>`,
      );
    }
    const order = store.getOrder(id);
    if (!order) throw new HttpError(404, `no order ${id}`);
    response.json({
      order_id: order.id,
      status: order.status,
      created_at: order.createdAt,
      payment_id: order.paymentId,
      total: dollars(order.totalCents),
      items: order.lines.map((line) => ({
        product_id: line.productId,
        name: line.name,
        quantity: line.quantity,
        price: dollars(line.priceCents),
      })),
    });
  });

  app.get('/api/products', tracked(metrics, '/api/products'), async (_request, response) => {
    const products = await withSpan(tracer, 'list_products', async (span) => {
      const rows = await withSpan(tracer, 'db_query', async (query) => {
        query.setAttributes({
          // The original lab's attributes, then the current database semantic conventions.
          'db.system': 'sqlite',
          'db.operation': 'SELECT',
          'db.system.name': 'sqlite',
          'db.operation.name': 'SELECT',
          'db.collection.name': 'products',
          'db.query.text': LIST_PRODUCTS_SQL,
        });
        await latency.pause(10, 30);
        return store.listProducts();
      });
      span.setAttribute('products.count', rows.length);
      return rows;
    });
    response.json(
      products.map((product) => ({
        id: product.id,
        name: product.name,
        price: dollars(product.priceCents),
        stock: product.stock,
      })),
    );
  });

  app.use(notFound());
  app.use(errorResponder(deps.logger));
  return app;
}
