// The people who work in the demo workspace: a Moscow head office with a Russian sales team and a
// Sofia office with a Bulgarian one. Every demo user signs in with DEMO_PASSWORD.

export const DEMO_PASSWORD = 'orbita-demo-2026';
export const DEMO_ADMIN_EMAIL = 'admin@orbita.demo';

export type Team = 'ru' | 'bg';
export type DemoUser = {
  key: string;
  email: string;
  name: string;
  role: 'director' | 'head_of_sales' | 'manager' | 'finance' | 'marketing' | 'operator';
  team?: Team;
  language: 'ru' | 'bg' | 'en';
  timeZone: string;
  capacity?: number;
};

export const teams: Record<Team, { name: string; lead: string }> = {
  ru: { name: 'Продажи Россия', lead: 'head-ru' },
  bg: { name: 'Продажби България', lead: 'head-bg' },
};

export const demoUsers: DemoUser[] = [
  { key: 'director', email: 'v.lebedev@orbita.demo', name: 'Виктор Лебедев', role: 'director', language: 'ru', timeZone: 'Europe/Moscow' },
  {
    key: 'head-ru',
    email: 'm.kovaleva@orbita.demo',
    name: 'Марина Ковалёва',
    role: 'head_of_sales',
    team: 'ru',
    language: 'ru',
    timeZone: 'Europe/Moscow',
    capacity: 60,
  },
  {
    key: 'head-bg',
    email: 'g.dimitrov@orbita.demo',
    name: 'Георги Димитров',
    role: 'head_of_sales',
    team: 'bg',
    language: 'bg',
    timeZone: 'Europe/Sofia',
    capacity: 50,
  },
  {
    key: 'ru-1',
    email: 'a.smirnov@orbita.demo',
    name: 'Алексей Смирнов',
    role: 'manager',
    team: 'ru',
    language: 'ru',
    timeZone: 'Europe/Moscow',
    capacity: 150,
  },
  {
    key: 'ru-2',
    email: 'e.volkova@orbita.demo',
    name: 'Екатерина Волкова',
    role: 'manager',
    team: 'ru',
    language: 'ru',
    timeZone: 'Europe/Moscow',
    capacity: 150,
  },
  {
    key: 'ru-3',
    email: 'd.orlov@orbita.demo',
    name: 'Дмитрий Орлов',
    role: 'manager',
    team: 'ru',
    language: 'ru',
    timeZone: 'Europe/Moscow',
    capacity: 120,
  },
  {
    key: 'ru-4',
    email: 'o.nikitina@orbita.demo',
    name: 'Ольга Никитина',
    role: 'manager',
    team: 'ru',
    language: 'ru',
    timeZone: 'Europe/Moscow',
    capacity: 120,
  },
  {
    key: 'ru-5',
    email: 'i.belov@orbita.demo',
    name: 'Игорь Белов',
    role: 'manager',
    team: 'ru',
    language: 'ru',
    timeZone: 'Europe/Moscow',
    capacity: 100,
  },
  {
    key: 'bg-1',
    email: 'i.stoyanov@orbita.demo',
    name: 'Иво Стоянов',
    role: 'manager',
    team: 'bg',
    language: 'bg',
    timeZone: 'Europe/Sofia',
    capacity: 120,
  },
  {
    key: 'bg-2',
    email: 'd.marinova@orbita.demo',
    name: 'Десислава Маринова',
    role: 'manager',
    team: 'bg',
    language: 'bg',
    timeZone: 'Europe/Sofia',
    capacity: 120,
  },
  {
    key: 'bg-3',
    email: 'n.hristov@orbita.demo',
    name: 'Никола Христов',
    role: 'manager',
    team: 'bg',
    language: 'bg',
    timeZone: 'Europe/Sofia',
    capacity: 100,
  },
  {
    key: 'bg-4',
    email: 't.becker@orbita.demo',
    name: 'Thomas Becker',
    role: 'manager',
    team: 'bg',
    language: 'en',
    timeZone: 'Europe/Sofia',
    capacity: 80,
  },
  { key: 'finance', email: 't.fomina@orbita.demo', name: 'Тамара Фомина', role: 'finance', language: 'ru', timeZone: 'Europe/Moscow' },
  {
    key: 'marketing',
    email: 'r.nikolova@orbita.demo',
    name: 'Ралица Николова',
    role: 'marketing',
    language: 'bg',
    timeZone: 'Europe/Sofia',
  },
  {
    key: 'operator',
    email: 's.kiseleva@orbita.demo',
    name: 'Светлана Киселёва',
    role: 'operator',
    language: 'ru',
    timeZone: 'Europe/Moscow',
  },
];

/** The demo user whose presence means the workspace already has demo data. */
export const DEMO_MARKER_EMAIL = demoUsers[0].email;

/** Who sells to whom: a team's managers (and its head, with a smaller book) own that country's clients. */
export const sellersOf = (team: Team) => demoUsers.filter((u) => u.team === team && (u.role === 'manager' || u.role === 'head_of_sales'));
