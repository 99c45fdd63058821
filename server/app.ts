import fs from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from './platform/config.js';
import { pingDb, type Db } from './platform/database.js';
import { createSecrets, type Secrets } from './platform/secrets.js';
import { registerAuth } from './platform/auth.js';
import { frameworkErrors, PlatformErrors, registerErrorHandler } from './platform/errors.js';
import { registerInputGuard } from './platform/input.js';
import { requestTarget } from './platform/logger.js';
import { registerSecurityHeaders, staticHeaders } from './platform/http.js';
import { registerLoginAttemptPruning, usersRoutes } from './modules/users/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { registerRecordKind } from './platform/registry.js';
import { registerRecordMerges } from './platform/records.js';
import { companiesRoutes, companyRecord, searchCompanies } from './modules/companies/index.js';
import { contactsRoutes, contactRecord, registerContactMerges, searchContacts } from './modules/contacts/index.js';
import { searchRoutes } from './modules/search/index.js';
import { productsRoutes, productRecord } from './modules/products/index.js';
import { pipelinesRoutes, pipelineRecord, lostReasonRecord } from './modules/pipelines/index.js';
import { dealsRoutes, dealRecord, registerDealMerges, dealDocumentModel, searchDeals } from './modules/deals/index.js';
import { reportsRoutes } from './modules/reports/index.js';
import { activitiesRoutes, activityRecord, registerActivityDealCloses, registerActivityMerges } from './modules/activities/index.js';
import { agendaRoutes } from './modules/agenda/index.js';
import { calendarRoutes } from './modules/calendar/index.js';
import { controlRoutes } from './modules/control/index.js';
import { jobsRoutes } from './modules/jobs/index.js';
import { registerWebhooks, webhooksRoutes } from './modules/webhooks/index.js';
import { documentRecord, documentsRoutes, registerDocumentMerges } from './modules/documents/index.js';
import { moneyRoutes } from './modules/money/index.js';
import { legalEntitiesRoutes, legalEntityRecord, onLegalEntityDelete } from './modules/legal-entities/index.js';
import {
  invoiceDocumentModel,
  invoiceOutputRoutes,
  invoiceRecord,
  invoicesRoutes,
  legalEntityHasInvoices,
  paymentRecord,
  paymentsRoutes,
  registerInvoiceMailing,
  registerInvoiceMerges,
} from './modules/invoices/index.js';
import { billingRoutes } from './modules/billing/index.js';
import { registerDocumentSource, registerTemplateJobs, templatesRoutes } from './modules/templates/index.js';
import { TEMPLATE_MAX_BYTES } from '../contracts/templates.js';
import { recordsRoutes } from './modules/records/index.js';
import { callRecord, callsRoutes, registerCallMerges, registerCallSweep } from './modules/calls/index.js';
import { registerScreenPops, screenPopRoutes } from './modules/screenpop/index.js';
import { registerPushes } from './platform/push.js';
import { importsRoutes, registerImports } from './modules/imports/index.js';
import { exportsRoutes, registerExportJobs } from './modules/exports/index.js';
import { lostCallRates, lostCallsRoutes, registerCallBackTasks } from './modules/lost-calls/index.js';
import { kbArticleRecord, kbRoutes } from './modules/kb/index.js';
import { contractRecord, contractsOfLegalEntity, contractsRoutes, registerContractMerges } from './modules/contracts/index.js';
import { creditRoutes, registerCreditHold } from './modules/credit/index.js';
import { kbOffersRoutes } from './modules/kb-offers/index.js';
import { bankStatementsRoutes, registerStatementHandlers } from './modules/bank-statements/index.js';
import { registerTicketMerges, ticketRecord, ticketsRoutes } from './modules/tickets/index.js';
import { viewsRoutes } from './modules/views/index.js';

/** `secrets`: the key settled at start (bootstrap.ts); without it, the one of ORBITA_SECRET_KEY if set. */
export type AppDeps = { config: Config; db: Db; logger: Logger; secrets?: Secrets };

/** Builds the whole HTTP application; never listens (tests use app.inject, main.ts listens). */
export async function buildApp({ config, db, logger, secrets = createSecrets(config.secretKey) }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // Forwarded headers are believed only from the configured proxies; otherwise anyone could pick
    // their own address (and so their own login-limit bucket) with X-Forwarded-For.
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
    bodyLimit: 10 * 1024 * 1024,
    routerOptions: { maxParamLength: 500 },
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // One log line per request, with the caller and the route but never the cookie, body, path values
  // or query values (search terms, phones, emails, tokens).
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        ...requestTarget(req.routeOptions.url, req.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        user: req.user?.id,
      },
      'request',
    );
  });

  await registerSecurityHeaders(app, config);
  await app.register(cookie);
  registerErrorHandler(app);
  registerAuth(app, db);
  registerInputGuard(app);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Orbita CRM API',
        version: '1.0.0',
        description: 'REST API of Orbita. Errors: { error: { code, message, fields[] } }.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'orbita_session' },
          // POST /api/v1/api-tokens issues them; no CSRF header with a token.
          apiToken: { type: 'http', scheme: 'bearer', bearerFormat: 'orb_...' },
        },
      },
      security: [{ session: [] }, { apiToken: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/api/health', { schema: { hide: true } }, async (_req, reply) => {
    if (await pingDb(db)) return { status: 'ok' };
    return reply.status(503).send({ status: 'unavailable' });
  });

  // The records registry: every kind of record, once (audit, timeline, shares, names of links read it).
  for (const kind of [
    contactRecord,
    companyRecord,
    dealRecord,
    activityRecord,
    productRecord,
    pipelineRecord,
    lostReasonRecord,
    legalEntityRecord,
    documentRecord,
    invoiceRecord,
    paymentRecord,
    callRecord,
    ticketRecord,
    kbArticleRecord,
    contractRecord,
  ]) {
    registerRecordKind(kind);
  }
  // Event handlers and job tasks.
  const webhookSettings = {
    allowPrivate: config.webhooksAllowPrivate,
    timeoutMs: config.webhookTimeoutMs,
    deliveryRetentionDays: config.webhookDeliveryRetentionDays,
  };
  registerWebhooks(webhookSettings);
  registerLoginAttemptPruning();
  // Merges of contacts and companies: each holder of references relinks its own rows.
  registerRecordMerges();
  registerContactMerges();
  registerDealMerges();
  registerActivityMerges();
  registerActivityDealCloses();
  registerDocumentMerges();
  registerInvoiceMerges();
  registerContractMerges();
  // Issued paper names our legal entity: one with invoices (drafts too) stays.
  onLegalEntityDelete(legalEntityHasInvoices);
  onLegalEntityDelete(contractsOfLegalEntity);
  // The credit hold: checked when an invoice is issued and a deal enters a clearance stage.
  registerCreditHold();
  // Documents from templates: each kind of record that can fill one registers its source.
  registerDocumentSource('deal', dealDocumentModel);
  registerDocumentSource('invoice', invoiceDocumentModel);
  registerInvoiceMailing(config.mail, config.invoiceMailingRetentionDays);
  registerTemplateJobs(config.soffice);
  const templateSettings = { soffice: config.soffice, maxBytes: TEMPLATE_MAX_BYTES };
  registerCallMerges();
  registerTicketMerges();
  registerCallSweep();
  registerPushes();
  registerScreenPops();
  registerImports();
  registerExportJobs();
  // A missed call of a known client: a call-back task for its owner (lost calls, a feature).
  registerCallBackTasks();
  // A reversed payment from a statement goes back to its queue; its documents follow merged companies.
  registerStatementHandlers();

  await app.register(
    async (api) => {
      await api.register(usersRoutes(db, config, secrets));
      await api.register(auditRoutes(db));
      await api.register(companiesRoutes(db));
      await api.register(contactsRoutes(db));
      await api.register(searchRoutes(db, [searchContacts, searchCompanies, searchDeals]));
      await api.register(productsRoutes(db));
      await api.register(moneyRoutes());
      await api.register(legalEntitiesRoutes(db));
      await api.register(pipelinesRoutes(db));
      await api.register(dealsRoutes(db));
      await api.register(reportsRoutes(db));
      await api.register(activitiesRoutes(db));
      await api.register(agendaRoutes(db));
      await api.register(calendarRoutes(db));
      // The head's dashboard shows the lost-call rate as the lost-call report counts it.
      await api.register(controlRoutes(db, { lostCalls: lostCallRates }));
      await api.register(jobsRoutes(db));
      await api.register(webhooksRoutes(db, webhookSettings));
      await api.register(documentsRoutes(db, config.documents));
      await api.register(invoicesRoutes(db));
      await api.register(invoiceOutputRoutes(db, { mail: config.mail, templates: templateSettings }));
      await api.register(paymentsRoutes(db));
      await api.register(billingRoutes(db));
      await api.register(templatesRoutes(db, templateSettings));
      // Timeline, notes and shares of every kind that declares them (RecordKind.api).
      await api.register(recordsRoutes(db));
      await api.register(callsRoutes(db, secrets, config));
      await api.register(screenPopRoutes(db));
      await api.register(importsRoutes(db));
      await api.register(exportsRoutes(db, config.exports));
      await api.register(lostCallsRoutes(db));
      await api.register(bankStatementsRoutes(db));
      await api.register(ticketsRoutes(db));
      await api.register(kbRoutes(db));
      await api.register(kbOffersRoutes(db));
      await api.register(viewsRoutes(db));
      await api.register(contractsRoutes(db));
      await api.register(creditRoutes(db));
    },
    { prefix: '/api/v1' },
  );

  // The built web interface, with client-side routing: unknown non-API GETs get index.html.
  // Everything else unknown is a JSON 404 in the caller's language.
  const hasWeb = fs.existsSync(path.join(config.webDistDir, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt bundle is served without a restart.
  // preCompressed: the build writes .br/.gz beside each file (platform/precompress.ts).
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: config.webDistDir,
      wildcard: true,
      index: ['index.html'],
      cacheControl: false,
      preCompressed: true,
      setHeaders: staticHeaders,
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (hasWeb && req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/assets/')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    throw PlatformErrors.NOT_FOUND();
  });
  return app;
}
