// Dependency rules of Orbita, checked by `npm run lint` (depcruise server contracts web).
// Server layers, each importing only those below it (STYLE.md "Layers"):
//   server/platform        plain files: database, auth, errors, events, registry, audit, timeline,
//                          records (transactions, pages, owners, shares, merge helpers), search
//                          machinery, time zones. Imports no module (db-types.ts only composes the
//                          modules' *.table.ts types into the Database type).
//   core modules           users < companies < contacts; products, pipelines, legal-entities, money;
//                          templates (document generation) over legal-entities and money.
//                          A core module may import only a core module earlier in that order.
//   work modules           deals, activities, documents, invoices: platform and core only, not each other.
//   features               agenda, calendar, control, reports, search, audit, jobs, webhooks, billing, records,
//                          bank-statements, screenpop, exports, views:
//                          imported by nobody but server/app.ts (the composition root) and tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- dependency-cruiser reads a CommonJS config
const web = require('./web/dependency-rules.cjs');

const CORE = ['users', 'companies', 'contacts', 'products', 'pipelines', 'legal-entities', 'money', 'templates', 'contracts'];
const WORK = ['deals', 'activities', 'documents', 'invoices', 'calls', 'tickets', 'kb'];
const FEATURES = [
  'agenda',
  'calendar',
  'control',
  'reports',
  'search',
  'audit',
  'jobs',
  'webhooks',
  'records',
  'bank-statements',
  'billing',
  'screenpop',
  'exports',
  'lost-calls',
  'kb-offers',
  'views',
  'credit',
];
const mod = (names) => `^server/modules/(${names.join('|')})/`;
// Within core, what each may import (earlier in the fixed order only).
const CORE_ORDER = {
  users: [],
  companies: ['users'],
  contacts: ['users', 'companies'],
  products: ['users'],
  pipelines: ['users'],
  'legal-entities': ['users', 'companies'],
  money: [],
  templates: ['users', 'companies', 'legal-entities', 'money'],
  contracts: ['users', 'companies', 'products', 'legal-entities', 'money'],
};
const TEST = '\\.test\\.ts$|^server/test/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...web,
    {
      name: 'no-circular',
      comment: 'An import cycle in the server or the contracts.',
      severity: 'error',
      from: { path: '^(server|contracts)/' },
      to: { circular: true },
    },
    {
      name: 'platform-imports-no-module',
      comment: 'server/platform is the bottom layer; only db-types.ts composes the modules’ table types.',
      severity: 'error',
      from: { path: '^server/platform/', pathNot: `^server/platform/db-types\\.ts$|${TEST}` },
      to: { path: '^server/modules/' },
    },
    {
      name: 'db-types-tables-only',
      comment: 'db-types.ts takes only the *.table.ts files of modules.',
      severity: 'error',
      from: { path: '^server/platform/db-types\\.ts$' },
      to: { path: '^server/modules/', pathNot: '\\.table\\.ts$' },
    },
    {
      name: 'core-imports-no-work-or-feature',
      severity: 'error',
      from: { path: mod(CORE), pathNot: TEST },
      to: { path: mod([...WORK, ...FEATURES]) },
    },
    ...Object.entries(CORE_ORDER).map(([m, allowed]) => ({
      name: `core-order-${m}`,
      comment: `Core order users < companies < contacts: ${m} may import only ${allowed.join(', ') || 'no other core module'}.`,
      severity: 'error',
      from: { path: `^server/modules/${m}/`, pathNot: TEST },
      to: { path: mod(CORE.filter((c) => c !== m && !allowed.includes(c))) },
    })),
    {
      name: 'work-imports-no-feature-or-work',
      comment: 'Work modules use platform and core; they reach each other and features only through events.',
      severity: 'error',
      from: { path: mod(WORK), pathNot: TEST },
      to: { path: mod(FEATURES) },
    },
    ...WORK.map((m) => ({
      name: `work-not-same-layer-${m}`,
      severity: 'error',
      from: { path: `^server/modules/${m}/`, pathNot: TEST },
      to: { path: mod(WORK.filter((w) => w !== m)) },
    })),
    ...FEATURES.map((f) => ({
      name: `feature-imported-by-nobody-${f}`,
      comment: 'Feature modules are mounted by server/app.ts only.',
      severity: 'error',
      from: { path: '^server/', pathNot: `^server/app\\.ts$|^server/platform/db-types\\.ts$|^server/modules/${f}/|${TEST}` },
      to: { path: `^server/modules/${f}/` },
    })),
    {
      name: 'modules-through-index',
      comment: 'Another module is reached through its index.ts (tables may share row types: *.table.ts).',
      severity: 'error',
      from: { path: '^server/modules/([^/]+)/' },
      to: { path: '^server/modules/([^/]+)/', pathNot: ['^server/modules/$1/', '/index\\.ts$', '\\.table\\.ts$', '\\.fixtures\\.ts$'] },
    },
    {
      name: 'contracts-alone',
      comment: 'The contracts are shared by the server and the web; they import neither.',
      severity: 'error',
      from: { path: '^contracts/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(server|web)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
