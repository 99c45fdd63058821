// Dependency rules of the web interface (dependency-cruiser 17 `forbidden` rules), included by the
// root .dependency-cruiser.cjs. The layers, each importing only those below it:
//   web/api.ts, web/lib   the REST client and shared helpers (time, money, kinds, record paths,
//                         pickers, pager, confirm, session, i18n)
//   web/ui                shared components
//   web/modules/<domain>  pages, components and their *.api.ts hooks
//   web/app, web/main.tsx the shell and composition root: routes, navigation, layout
/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
module.exports = [
  {
    name: 'web-no-circular',
    comment: 'An import cycle in the web interface (they also defeat code splitting).',
    severity: 'error',
    from: { path: '^web/' },
    to: { circular: true },
  },
  {
    name: 'web-api-client-alone',
    comment: 'web/api.ts is the bottom of the web: it imports nothing else of it.',
    severity: 'error',
    from: { path: '^web/api\\.ts$' },
    to: { path: '^web/' },
  },
  {
    name: 'web-lib-downward',
    comment: 'web/lib is the lowest web layer: it imports neither web/ui, web/modules, web/app nor main.tsx.',
    severity: 'error',
    from: { path: '^web/lib/' },
    to: { path: '^web/(ui|modules|app)/|^web/main\\.tsx$' },
  },
  {
    name: 'web-ui-downward',
    comment: 'Shared components (web/ui) use web/lib and web/api.ts, never the pages of modules or the shell.',
    severity: 'error',
    from: { path: '^web/ui/' },
    to: { path: '^web/(modules|app)/|^web/main\\.tsx$' },
  },
  {
    name: 'web-modules-not-shell',
    comment: 'Modules are mounted by the shell (web/app routes); they never import it.',
    severity: 'error',
    from: { path: '^web/modules/' },
    to: { path: '^web/app/|^web/main\\.tsx$' },
  },
  {
    name: 'web-core-modules-downward',
    comment:
      'Core records (users, companies, contacts, products, pipelines) do not import the work modules ' +
      '(deals, activities) or the features (agenda, calendar, control, reports), as on the server.',
    severity: 'error',
    from: { path: '^web/modules/(users|companies|contacts|products|pipelines)/' },
    to: { path: '^web/modules/(deals|activities|agenda|calendar|control|reports)/' },
  },
  {
    name: 'web-features-imported-by-nobody',
    comment: 'Feature pages (agenda, calendar, control, reports) are reached through routes only.',
    severity: 'error',
    from: { path: '^web/modules/', pathNot: '^web/modules/(agenda|calendar|control|reports)/' },
    to: { path: '^web/modules/(agenda|calendar|control|reports)/' },
  },
  {
    name: 'web-contracts-types-only',
    comment:
      'The browser takes types from the contracts, not their zod schemas (zod would land in the bundle); ' +
      'only the tiny zone arithmetic and the message catalogues are imported at run time. Tests may import more.',
    severity: 'error',
    from: { path: '^web/', pathNot: '\\.test\\.tsx?$' },
    to: {
      path: '^contracts/',
      pathNot: '^contracts/(time\\.ts|webhook-events\\.ts|job-states\\.ts|export-columns\\.ts|list-columns\\.ts|i18n/)',
      dependencyTypesNot: ['type-only'],
    },
  },
  {
    name: 'web-not-server',
    comment: 'The web never bundles server code (tests may compare against it).',
    severity: 'error',
    from: { path: '^web/', pathNot: '\\.test\\.tsx?$' },
    to: { path: '^server/' },
  },
];
