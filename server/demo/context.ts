import type { FastifyInstance } from 'fastify';
import { ApiError, type DemoClient, type Rejection } from './client.js';
import type { DemoCompany } from './companies.js';
import type { Country, Person } from './people.js';
import type { Rng } from './random.js';
import type { Lang } from './texts.js';
import type { DemoUser } from './users.js';

export type Seller = { key: string; id: string; def: DemoUser; client: DemoClient; lang: Lang };
export type CreatedCompany = { id: string; def: DemoCompany; owner: Seller };
export type CreatedContact = {
  id: string;
  version: number;
  person: Person;
  company: CreatedCompany | null;
  owner: Seller;
  country: Country;
};
export type CreatedDeal = {
  id: string;
  title: string;
  company: CreatedCompany;
  contacts: CreatedContact[];
  owner: Seller;
  status: 'open' | 'won' | 'lost';
  pipelineId: string;
  stageId: string;
};
export type StageRef = { id: string; name: string; kind: 'open' | 'won' | 'lost'; probability: number; rottingDays: number | null };
export type PipelineRef = { id: string; name: string; stages: StageRef[]; open: StageRef[]; won: StageRef; lost: StageRef };

/** Everything the seeding steps share: the app, the clock, the generator, who is who, what exists. */
export type DemoContext = {
  app: FastifyInstance;
  now: Date;
  rng: Rng;
  say: (line: string) => void;
  admin: DemoClient;
  users: Map<string, { id: string; def: DemoUser; client: DemoClient }>;
  sellers: Seller[];
  products: { id: string; sku: string }[];
  pipelines: { sales: PipelineRef; projects: PipelineRef; service: PipelineRef } | null;
  lostReasons: Map<string, string>;
  companies: CreatedCompany[];
  contacts: CreatedContact[];
  deals: CreatedDeal[];
  counts: Record<string, number>;
  rejections: Rejection[];
  skipped: string[];
};

export const bump = (ctx: DemoContext, what: string, n = 1) => {
  ctx.counts[what] = (ctx.counts[what] ?? 0) + n;
};

/**
 * Runs one API call; a refusal is recorded (the request and the answer) and the demo goes on
 * without that record, so one rule that rejects realistic data shows up in the report instead of
 * the data being bent to pass.
 */
export async function attempt<T>(ctx: DemoContext, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiError) {
      ctx.rejections.push(e.rejection);
      return undefined;
    }
    throw e;
  }
}
