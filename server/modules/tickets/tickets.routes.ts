import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  commentListResponse,
  createCommentBody,
  createTicketBody,
  listTicketsQuery,
  satisfactionBody,
  slaRulesBody,
  slaRulesResponse,
  ticketCommentSchema,
  ticketListResponse,
  ticketReportQuery,
  ticketReportSchema,
  ticketSchema,
  updateTicketBody,
  workingHoursBody,
  workingHoursSchema,
} from '../../../contracts/tickets.js';
import { requireRole, requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { ticketsReport } from './tickets.report.js';
import * as service from './tickets.service.js';
import * as settings from './tickets.settings.js';

const idParams = z.object({ id: z.uuid() });
const commentsQuery = z.object({ internal: z.enum(['true', 'false']).optional() });

/** Service tickets: CRUD with the lifecycle, comments, satisfaction; SLA settings; the tickets report. */
export function ticketsRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/tickets',
      {
        schema: {
          tags: ['tickets'],
          summary:
            'Tickets the caller may see (operators: all; others: those of clients they may open, or assigned to them), newest first, keyset cursor',
          querystring: listTicketsQuery,
          response: { 200: ticketListResponse },
        },
      },
      async (req) => service.listTickets(db, requireUser(req), req.query),
    );

    r.post(
      '/tickets',
      {
        schema: {
          tags: ['tickets'],
          summary:
            'Open a ticket for a company or contact (from a call with `callId`); due times from the SLA rule of its priority and the client segment, in working hours',
          body: createTicketBody,
          response: { 201: ticketSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await service.createTicket(db, requireUser(req), req.body)),
    );

    r.get(
      '/tickets/:id',
      { schema: { tags: ['tickets'], summary: 'One ticket', params: idParams, response: { 200: ticketSchema } } },
      async (req) => service.getTicket(db, requireUser(req), req.params.id),
    );

    r.patch(
      '/tickets/:id',
      {
        schema: {
          tags: ['tickets'],
          summary:
            'Change a ticket (`version` required). Status moves new → open/pending/resolved/closed, open ↔ pending, resolved → open/closed; ' +
            'closed is final unless a supervisor reopens it. Pending stops the SLA clock. The assignee follows the owners rule.',
          params: idParams,
          body: updateTicketBody,
          response: { 200: ticketSchema },
        },
      },
      async (req) => service.updateTicket(db, requireUser(req), req.lang, req.params.id, req.body),
    );

    r.get(
      '/tickets/:id/comments',
      {
        schema: {
          tags: ['tickets'],
          summary: "A ticket's comments, oldest first; `internal=false`: only those to the client",
          params: idParams,
          querystring: commentsQuery,
          response: { 200: commentListResponse },
        },
      },
      async (req) => ({ items: await service.listComments(db, requireUser(req), req.params.id, req.query.internal === 'false') }),
    );

    r.post(
      '/tickets/:id/comments',
      {
        schema: {
          tags: ['tickets'],
          summary: 'Comment on a ticket: internal (colleagues only) or to the client (the first such is the SLA first response)',
          params: idParams,
          body: createCommentBody,
          response: { 201: ticketCommentSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await service.addComment(db, requireUser(req), req.params.id, req.body)),
    );

    r.post(
      '/tickets/:id/satisfaction',
      {
        schema: {
          tags: ['tickets'],
          summary: "The client's satisfaction with a resolved or closed ticket: a score 1-5 and a comment",
          params: idParams,
          body: satisfactionBody,
          response: { 200: ticketSchema },
        },
      },
      async (req) => service.rateTicket(db, requireUser(req), req.params.id, req.body),
    );

    r.get(
      '/sla/working-hours',
      {
        schema: {
          tags: ['tickets'],
          summary: "The workspace's working week and holidays the SLA counts in (default Monday to Friday 09:00-18:00)",
          response: { 200: workingHoursSchema },
        },
      },
      async (req) => settings.getWorkingHours(db, requireUser(req)),
    );

    r.put(
      '/sla/working-hours',
      {
        schema: {
          tags: ['tickets'],
          summary: 'Set the working week (seven days, Monday first, intervals HH:MM) and holidays (admin)',
          body: workingHoursBody,
          response: { 200: workingHoursSchema },
        },
      },
      async (req) => settings.setWorkingHours(db, requireRole(req, ['admin']), req.body),
    );

    r.get(
      '/sla/rules',
      {
        schema: {
          tags: ['tickets'],
          summary: 'SLA rules for every priority and client segment (A, B, C, none): working minutes to respond and to resolve',
          response: { 200: slaRulesResponse },
        },
      },
      async (req) => ({ items: await settings.effectiveRules(db, requireUser(req).workspaceId) }),
    );

    r.put(
      '/sla/rules',
      {
        schema: {
          tags: ['tickets'],
          summary: 'Set the rules of the given priority and segment pairs; the others keep theirs (admin)',
          body: slaRulesBody,
          response: { 200: slaRulesResponse },
        },
      },
      async (req) => ({ items: await settings.setRules(db, requireRole(req, ['admin']), req.body) }),
    );

    r.get(
      '/reports/tickets',
      {
        schema: {
          tags: ['reports'],
          summary:
            'Tickets created in a period by product, category or client segment: counts, open, overdue (now, or resolved late), ' +
            'mean resolution hours, satisfaction',
          querystring: ticketReportQuery,
          response: { 200: ticketReportSchema },
        },
      },
      async (req) => ticketsReport(db, requireUser(req), req.query),
    );
  };
}
