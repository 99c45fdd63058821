import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createProductBody, listProductsQuery, productListSchema, productSchema, updateProductBody } from '../../../contracts/products.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import * as products from './products.service.js';

const idParams = z.object({ id: z.uuid() });

export function productsRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['products'];

    r.get(
      '/products',
      {
        schema: {
          tags,
          summary: 'Product catalogue (filters q, active; cursor pagination)',
          querystring: listProductsQuery,
          response: { 200: productListSchema },
        },
      },
      async (req) => products.listProducts(db, requireUser(req), req.query),
    );

    r.post(
      '/products',
      { schema: { tags, summary: 'Create a product with its price list', body: createProductBody, response: { 201: productSchema } } },
      async (req, reply) => reply.status(201).send(await products.createProduct(db, requireUser(req), req.body)),
    );

    r.get('/products/:id', { schema: { tags, summary: 'One product', params: idParams, response: { 200: productSchema } } }, async (req) =>
      products.getProduct(db, requireUser(req), req.params.id),
    );

    r.patch(
      '/products/:id',
      {
        schema: {
          tags,
          summary: 'Change a product (carries version)',
          params: idParams,
          body: updateProductBody,
          response: { 200: productSchema },
        },
      },
      async (req) => products.updateProduct(db, requireUser(req), req.params.id, req.body),
    );

    r.delete('/products/:id', { schema: { tags, summary: 'Move a product to the bin', params: idParams } }, async (req, reply) => {
      await products.deleteProduct(db, requireUser(req), req.params.id);
      return reply.status(204).send();
    });

    r.post(
      '/products/:id/restore',
      { schema: { tags, summary: 'Bring a product back from the bin', params: idParams, response: { 200: productSchema } } },
      async (req) => products.restoreProduct(db, requireUser(req), req.params.id),
    );
  };
}
