// What the demo workspace sells: warehouse equipment, software and services, priced in roubles
// for Russian clients and in euro for Bulgarian ones.

export type DemoProduct = {
  sku: string;
  name: string;
  unit: string;
  rub: string;
  eur: string;
  vat: string;
  /** Typical quantity range in one deal line. */
  qty: [number, number];
  group: 'racking' | 'trucks' | 'scan' | 'software' | 'service' | 'supplies' | 'dock';
  description?: string;
};

export const demoProducts: DemoProduct[] = [
  { sku: 'RK-PAL-2711', name: 'Стеллаж паллетный фронтальный, секция 2700×1100×6000 мм', unit: 'секц.', rub: '38500.00', eur: '395.00', vat: '22', qty: [10, 240], group: 'racking', description: 'Нагрузка до 2000 кг на уровень, 3 уровня, порошковая окраска.' },
  { sku: 'RK-PAL-ADD', name: 'Стеллаж паллетный, дополнительная секция', unit: 'секц.', rub: '29900.00', eur: '305.00', vat: '22', qty: [10, 300], group: 'racking' },
  { sku: 'RK-SHF-2010', name: 'Стеллаж полочный оцинкованный 2000×1000×500 мм', unit: 'шт', rub: '12400.00', eur: '128.00', vat: '22', qty: [5, 120], group: 'racking' },
  { sku: 'RK-MEZ-M2', name: 'Мезонин складской двухуровневый', unit: 'м²', rub: '14800.00', eur: '152.00', vat: '22', qty: [50, 800], group: 'racking' },
  { sku: 'RK-CNT-1500', name: 'Стеллаж консольный для длинномеров, 1500 кг', unit: 'секц.', rub: '54000.00', eur: '560.00', vat: '22', qty: [4, 40], group: 'racking' },
  { sku: 'FT-EL-15', name: 'Погрузчик электрический 1,5 т, высота подъёма 4,5 м', unit: 'шт', rub: '2450000.00', eur: '24900.00', vat: '22', qty: [1, 4], group: 'trucks' },
  { sku: 'FT-RT-14', name: 'Ричтрак 1,4 т, высота подъёма 9,5 м', unit: 'шт', rub: '4180000.00', eur: '42500.00', vat: '22', qty: [1, 3], group: 'trucks' },
  { sku: 'FT-ST-12', name: 'Штабелёр самоходный 1,2 т', unit: 'шт', rub: '890000.00', eur: '9100.00', vat: '22', qty: [1, 6], group: 'trucks' },
  { sku: 'FT-PT-25', name: 'Тележка гидравлическая 2,5 т', unit: 'шт', rub: '28900.00', eur: '295.00', vat: '22', qty: [2, 30], group: 'trucks' },
  { sku: 'FT-BAT-24', name: 'Аккумулятор тяговый 24 В 375 А·ч', unit: 'шт', rub: '312000.00', eur: '3180.00', vat: '22', qty: [1, 6], group: 'trucks' },
  { sku: 'SC-TSD-A11', name: 'Терминал сбора данных, Android, 2D-сканер', unit: 'шт', rub: '64500.00', eur: '660.00', vat: '22', qty: [3, 60], group: 'scan' },
  { sku: 'SC-BT-2D', name: 'Сканер штрихкодов беспроводной 2D', unit: 'шт', rub: '14200.00', eur: '145.00', vat: '22', qty: [2, 40], group: 'scan' },
  { sku: 'SC-PRN-203', name: 'Принтер этикеток термотрансферный 203 dpi', unit: 'шт', rub: '48700.00', eur: '498.00', vat: '22', qty: [1, 12], group: 'scan' },
  { sku: 'SC-LBL-58', name: 'Этикетка термо 58×40 мм, рулон 1000 шт', unit: 'рул.', rub: '390.00', eur: '4.20', vat: '22', qty: [50, 2000], group: 'supplies' },
  { sku: 'SW-WMS-SEAT', name: 'Лицензия WMS «Орбита Склад», рабочее место на год', unit: 'лиц.', rub: '36000.00', eur: '370.00', vat: '0', qty: [5, 80], group: 'software', description: 'Программа для ЭВМ: без НДС (пп. 26 п. 2 ст. 149 НК РФ) для российских клиентов.' },
  { sku: 'SW-WMS-IMPL', name: 'Внедрение WMS, час работы консультанта', unit: 'ч', rub: '4500.00', eur: '60.00', vat: '22', qty: [40, 600], group: 'software' },
  { sku: 'SW-1C-INT', name: 'Интеграция WMS с 1С / ERP', unit: 'усл.', rub: '180000.00', eur: '1900.00', vat: '22', qty: [1, 1], group: 'software' },
  { sku: 'SV-RK-MNT', name: 'Монтаж стеллажей, за паллетоместо', unit: 'п/м', rub: '450.00', eur: '5.50', vat: '22', qty: [100, 3000], group: 'service' },
  { sku: 'SV-FT-TO', name: 'Техническое обслуживание погрузчика, месяц', unit: 'мес.', rub: '18500.00', eur: '195.00', vat: '22', qty: [3, 24], group: 'service' },
  { sku: 'SV-TRAIN', name: 'Обучение персонала, день', unit: 'день', rub: '35000.00', eur: '380.00', vat: '22', qty: [1, 5], group: 'service' },
  { sku: 'SV-AUDIT', name: 'Аудит склада и проект размещения', unit: 'усл.', rub: '95000.00', eur: '990.00', vat: '22', qty: [1, 1], group: 'service' },
  { sku: 'SV-DELIV', name: 'Доставка, рейс до 20 т', unit: 'рейс', rub: '24000.00', eur: '420.00', vat: '22', qty: [1, 8], group: 'service' },
  { sku: 'SP-STR-500', name: 'Стретч-плёнка 500 мм × 23 мкм, рулон', unit: 'рул.', rub: '890.00', eur: '9.50', vat: '22', qty: [50, 1500], group: 'supplies' },
  { sku: 'SP-PAL-EUR', name: 'Паллета деревянная EUR 1200×800, новая', unit: 'шт', rub: '1150.00', eur: '12.00', vat: '22', qty: [100, 3000], group: 'supplies' },
  { sku: 'DK-LVL-6T', name: 'Уравнительная платформа гидравлическая 6 т', unit: 'шт', rub: '410000.00', eur: '4200.00', vat: '22', qty: [1, 8], group: 'dock' },
  { sku: 'DK-SHL', name: 'Док-шелтер с надувными подушками', unit: 'шт', rub: '265000.00', eur: '2700.00', vat: '22', qty: [1, 8], group: 'dock' },
  { sku: 'DK-GATE-SP', name: 'Ворота скоростные рулонные 3×3,5 м', unit: 'шт', rub: '520000.00', eur: '5300.00', vat: '22', qty: [1, 6], group: 'dock' },
  { sku: 'DK-SCALE-3T', name: 'Весы платформенные 3 т, 1500×1500 мм', unit: 'шт', rub: '96000.00', eur: '980.00', vat: '22', qty: [1, 4], group: 'dock' },
  { sku: 'FT-OLD-13', name: 'Погрузчик дизельный 1,3 т (снят с производства)', unit: 'шт', rub: '1890000.00', eur: '19200.00', vat: '22', qty: [1, 2], group: 'trucks' },
];

/** Product SKUs kept in the catalogue but no longer sold (shows the active flag at work). */
export const inactiveSkus = new Set(['FT-OLD-13']);

/** Deal templates: a title stem and the product groups such a deal is made of. */
export const dealKinds: readonly { ru: string; bg: string; groups: DemoProduct['group'][]; weight: number }[] = [
  { ru: 'Оснащение склада стеллажами', bg: 'Стелажи за склад', groups: ['racking', 'service'], weight: 6 },
  { ru: 'Поставка погрузочной техники', bg: 'Доставка на товарачна техника', groups: ['trucks', 'service'], weight: 5 },
  { ru: 'Внедрение WMS', bg: 'Внедряване на WMS', groups: ['software', 'scan'], weight: 4 },
  { ru: 'Терминалы сбора данных', bg: 'Терминали за събиране на данни', groups: ['scan', 'supplies'], weight: 3 },
  { ru: 'Оборудование доков', bg: 'Оборудване на рампи', groups: ['dock', 'service'], weight: 3 },
  { ru: 'Расходные материалы', bg: 'Консумативи', groups: ['supplies'], weight: 3 },
  { ru: 'Сервисный контракт', bg: 'Сервизен договор', groups: ['service'], weight: 2 },
  { ru: 'Комплексный проект склада', bg: 'Цялостен проект за склад', groups: ['racking', 'trucks', 'software', 'service'], weight: 2 },
];
