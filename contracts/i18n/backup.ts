import { defineCatalogue, type Lang } from './types.js';

/**
 * What `npm run backup` and `npm run restore` print, in the language of ORBITA_LANG or the
 * locale (LANG). Kept apart from the merged catalogue: the web interface never shows these.
 */
export const backupMessages = defineCatalogue({
  en: {
    mb: '{{n}} MB',
    seconds: '{{n}} s',
    usageBackup: 'Usage: npm run backup -- --out FILE   (DATABASE_URL, or the embedded server in ORBITA_DATA_DIR)',
    usageRestore:
      'Usage: npm run restore -- --in FILE [--force]   (into DATABASE_URL, or the embedded server in ORBITA_DATA_DIR)\n  --force   replace the data of a target that is not empty',
    outRequired: '--out FILE is required.',
    inRequired: '--in FILE is required.',
    badArguments: 'Bad arguments: {{error}}',
    backupFailed: 'Backup failed: {{error}}',
    restoreFailed: 'Restore failed: {{error}}',
    fromDatabaseUrl: 'Backing up the database of DATABASE_URL',
    fromRunning: 'Backing up the running embedded PostgreSQL of {{dir}}',
    noClusterHere: '{{dir}} holds no Orbita database (set ORBITA_DATA_DIR or DATABASE_URL).',
    startingForBackup: 'Starting the embedded PostgreSQL of {{dir}} for the backup',
    keyNotInBackup:
      'The backup holds no encryption key: keep {{key}} safe apart from it; a restore needs that key for the two-factor secrets.',
    keyFile: 'the key file {{file}}',
    keyEnv: 'ORBITA_SECRET_KEY',
    intoDatabaseUrl: 'Restoring into the database of DATABASE_URL',
    intoEmbedded: 'Restoring into the embedded PostgreSQL of {{dir}}',
    runningThere: 'Orbita (its embedded PostgreSQL) is running on {{dir}}; stop it before restoring there.',
    startHint: 'Start Orbita on it with `npm start`.',
    restoredKeyHint:
      'Its secrets were encrypted with the key of id {{keyId}}: before `npm start`, put the original secret-key file into {{dir}} or set ORBITA_SECRET_KEY to that key.',
    restoredKeyHintEnv: 'Its secrets were encrypted with the key of id {{keyId}}: set ORBITA_SECRET_KEY to that key before `npm start`.',
    dbMissing: 'The database {{db}} does not exist on {{host}}; create it first (createdb).',
    cannotConnect: 'Cannot connect to PostgreSQL at {{host}}: {{error}}',
    noSchema: 'This database has no Orbita schema (no applied migrations); nothing to back up.',
    backingUp: 'Backing up {{tables}} tables ({{rows}} rows) at migration {{migration}}, snapshot of {{at}}',
    tableSoFar: '  {{table}}: {{size}} so far...',
    tableDone: '  {{table}}: {{rows}} rows, {{size}}, {{time}}',
    written: 'Backup written to {{file}}: {{size}} ({{data}} of table data) in {{time}}',
    noSuchFile: 'No such file: {{file}}',
    notBackupUnreadable: '{{file}} is not an Orbita backup ({{error}}).',
    notBackupNoHeader: '{{file}} is not an Orbita backup (no header).',
    notBackupFormat: '{{file}} is not an Orbita backup (format {{format}}).',
    formatNewer: '{{file}} uses backup format {{version}}, newer than this Orbita reads ({{supported}}); update Orbita.',
    newerOrbita:
      'This backup was made by a newer Orbita: its database has migrations this version does not know ({{unknown}}). Restore it with that version of Orbita (or newer).',
    migrationsDiffer: "This backup's migrations ({{theirs}}) do not match this Orbita's ({{ours}}).",
    migrationFailed: 'Migration {{name}} failed: {{error}}',
    columnsDiffer: '{{table}} has columns ({{have}}), the backup ({{want}})',
    shapeDiffers: "After the migrations the target's tables differ from the backup's: {{problems}}. Nothing was loaded.",
    restoring: 'Restoring a backup of {{at}} ({{tables}} tables, {{rows}} rows, migration {{migration}}, {{postgres}})',
    holdsData: 'it holds data (rows in {{tables}})',
    holdsDataMore: 'it holds data (rows in {{tables}}, and {{more}} more tables)',
    schemaAhead: "its schema is at migration {{migration}}, past the backup's {{last}}",
    notEmpty:
      'The target database is not empty: {{why}}. Restore into an empty data folder or database, or add --force to replace everything in it.',
    forceDropping: "--force: dropping everything in the target's schemas ({{why}})",
    jobsNewer: "This backup's job queue was made by a newer graphile-worker (its migrations {{missing}} are unknown here); update Orbita.",
    schemaMigrated: 'Schema migrated to {{last}} in {{time}}',
    schemaMigratedWithJobs: 'Schema migrated to {{last}} and {{jobs}} in {{time}}',
    loadedReplica: 'Data loaded and committed in {{time}} (triggers off: session_replication_role = replica)',
    loadedDisabled: 'Data loaded and committed in {{time}} (triggers disabled per table)',
    statistics: 'Statistics gathered in {{time}}; restore done in {{total}}',
    indexesRebuilt: '  {{count}} indexes rebuilt in {{time}}',
    tableSkipped: "  {{table}}: skipped, not a table of Orbita's migrations ({{rows}} rows not restored)",
    dataAfterLast: 'The backup file has data after its last table; it is damaged.',
    rowCountDiffers: '{{table}}: the backup says {{expected}} rows, the file held {{found}}; it is damaged.',
    fileDamaged: 'the backup file is truncated or damaged ({{error}})',
    loadingFailed: 'Loading {{table}} failed: {{error}}. Nothing was restored.',
    readingFailed: 'Reading the backup failed: {{error}}',
    endsEarlyIn: 'The backup file ends early (in {{table}}); it is truncated. Nothing was restored.',
    endsEarlyHeader: 'The backup file ends early (in its header); it is truncated. Nothing was restored.',
  },
  ru: {
    mb: '{{n}} МБ',
    seconds: '{{n}} с',
    usageBackup: 'Запуск: npm run backup -- --out ФАЙЛ   (DATABASE_URL или встроенный сервер в ORBITA_DATA_DIR)',
    usageRestore:
      'Запуск: npm run restore -- --in ФАЙЛ [--force]   (в DATABASE_URL или во встроенный сервер в ORBITA_DATA_DIR)\n  --force   заменить данные в непустой базе',
    outRequired: 'Нужно указать --out ФАЙЛ.',
    inRequired: 'Нужно указать --in ФАЙЛ.',
    badArguments: 'Неверные аргументы: {{error}}',
    backupFailed: 'Резервная копия не создана: {{error}}',
    restoreFailed: 'Восстановление не выполнено: {{error}}',
    fromDatabaseUrl: 'Резервная копия базы из DATABASE_URL',
    fromRunning: 'Резервная копия через работающий встроенный PostgreSQL в {{dir}}',
    noClusterHere: 'В {{dir}} нет базы Orbita (задайте ORBITA_DATA_DIR или DATABASE_URL).',
    startingForBackup: 'Запускаю встроенный PostgreSQL в {{dir}} для резервной копии',
    keyNotInBackup:
      'Ключа шифрования в резервной копии нет: храните {{key}} отдельно от неё; без этого ключа после восстановления не прочитать секреты двухфакторного входа.',
    keyFile: 'файл ключа {{file}}',
    keyEnv: 'ORBITA_SECRET_KEY',
    intoDatabaseUrl: 'Восстанавливаю в базу из DATABASE_URL',
    intoEmbedded: 'Восстанавливаю во встроенный PostgreSQL в {{dir}}',
    runningThere: 'На {{dir}} работает Orbita (её встроенный PostgreSQL); остановите её перед восстановлением туда.',
    startHint: 'Запустите на ней Orbita: `npm start`.',
    restoredKeyHint:
      'Её секреты зашифрованы ключом с идентификатором {{keyId}}: до `npm start` положите исходный файл secret-key в {{dir}} или задайте этот ключ в ORBITA_SECRET_KEY.',
    restoredKeyHintEnv: 'Её секреты зашифрованы ключом с идентификатором {{keyId}}: до `npm start` задайте этот ключ в ORBITA_SECRET_KEY.',
    dbMissing: 'Базы {{db}} нет на {{host}}; сначала создайте её (createdb).',
    cannotConnect: 'Не удаётся подключиться к PostgreSQL на {{host}}: {{error}}',
    noSchema: 'В этой базе нет схемы Orbita (ни одной применённой миграции); копировать нечего.',
    backingUp: 'Копирую таблиц: {{tables}} (строк: {{rows}}), миграция {{migration}}, снимок на {{at}}',
    tableSoFar: '  {{table}}: пока {{size}}...',
    tableDone: '  {{table}}: строк {{rows}}, {{size}}, {{time}}',
    written: 'Резервная копия записана в {{file}}: {{size}} (данных таблиц {{data}}) за {{time}}',
    noSuchFile: 'Нет такого файла: {{file}}',
    notBackupUnreadable: '{{file}} — не резервная копия Orbita ({{error}}).',
    notBackupNoHeader: '{{file}} — не резервная копия Orbita (нет заголовка).',
    notBackupFormat: '{{file}} — не резервная копия Orbita (формат {{format}}).',
    formatNewer: '{{file}} в формате копии {{version}}, новее того, что читает эта Orbita ({{supported}}); обновите Orbita.',
    newerOrbita:
      'Эта копия сделана более новой Orbita: в её базе есть миграции, которых эта версия не знает ({{unknown}}). Восстановите её той версией Orbita (или новее).',
    migrationsDiffer: 'Миграции копии ({{theirs}}) не совпадают с миграциями этой Orbita ({{ours}}).',
    migrationFailed: 'Миграция {{name}} не выполнена: {{error}}',
    columnsDiffer: 'у {{table}} столбцы ({{have}}), в копии ({{want}})',
    shapeDiffers: 'После миграций таблицы базы отличаются от таблиц копии: {{problems}}. Ничего не загружено.',
    restoring: 'Восстанавливаю копию от {{at}} (таблиц: {{tables}}, строк: {{rows}}, миграция {{migration}}, {{postgres}})',
    holdsData: 'в ней есть данные (строки в {{tables}})',
    holdsDataMore: 'в ней есть данные (строки в {{tables}} и ещё в {{more}} таблицах)',
    schemaAhead: 'её схема на миграции {{migration}}, дальше миграции копии {{last}}',
    notEmpty:
      'База назначения не пуста: {{why}}. Восстанавливайте в пустую папку данных или базу либо добавьте --force, чтобы заменить в ней всё.',
    forceDropping: '--force: удаляю всё в схемах базы назначения ({{why}})',
    jobsNewer: 'Очередь заданий в копии сделана более новым graphile-worker (его миграции {{missing}} здесь неизвестны); обновите Orbita.',
    schemaMigrated: 'Схема доведена до {{last}} за {{time}}',
    schemaMigratedWithJobs: 'Схема доведена до {{last}} и {{jobs}} за {{time}}',
    loadedReplica: 'Данные загружены и зафиксированы за {{time}} (триггеры выключены: session_replication_role = replica)',
    loadedDisabled: 'Данные загружены и зафиксированы за {{time}} (триггеры отключены в каждой таблице)',
    statistics: 'Статистика собрана за {{time}}; восстановление заняло {{total}}',
    indexesRebuilt: '  индексов перестроено: {{count}}, за {{time}}',
    tableSkipped: '  {{table}}: пропущена, это не таблица миграций Orbita (строк не восстановлено: {{rows}})',
    dataAfterLast: 'В файле копии есть данные после последней таблицы; он повреждён.',
    rowCountDiffers: '{{table}}: по заголовку копии строк {{expected}}, в файле {{found}}; файл повреждён.',
    fileDamaged: 'файл копии обрезан или повреждён ({{error}})',
    loadingFailed: 'Загрузка {{table}} не удалась: {{error}}. Ничего не восстановлено.',
    readingFailed: 'Чтение копии не удалось: {{error}}',
    endsEarlyIn: 'Файл копии обрывается раньше конца (в {{table}}); он обрезан. Ничего не восстановлено.',
    endsEarlyHeader: 'Файл копии обрывается раньше конца (в заголовке); он обрезан. Ничего не восстановлено.',
  },
  bg: {
    mb: '{{n}} МБ',
    seconds: '{{n}} с',
    usageBackup: 'Употреба: npm run backup -- --out ФАЙЛ   (DATABASE_URL или вграденият сървър в ORBITA_DATA_DIR)',
    usageRestore:
      'Употреба: npm run restore -- --in ФАЙЛ [--force]   (в DATABASE_URL или във вградения сървър в ORBITA_DATA_DIR)\n  --force   замяна на данните в непразна база',
    outRequired: 'Трябва да се посочи --out ФАЙЛ.',
    inRequired: 'Трябва да се посочи --in ФАЙЛ.',
    badArguments: 'Грешни аргументи: {{error}}',
    backupFailed: 'Резервното копие не е създадено: {{error}}',
    restoreFailed: 'Възстановяването не е извършено: {{error}}',
    fromDatabaseUrl: 'Резервно копие на базата от DATABASE_URL',
    fromRunning: 'Резервно копие през работещия вграден PostgreSQL в {{dir}}',
    noClusterHere: 'В {{dir}} няма база на Orbita (задайте ORBITA_DATA_DIR или DATABASE_URL).',
    startingForBackup: 'Стартирам вградения PostgreSQL в {{dir}} за резервното копие',
    keyNotInBackup:
      'Резервното копие не съдържа ключа за шифроване: пазете {{key}} отделно от него; без този ключ след възстановяване тайните за двуфакторно влизане не могат да се прочетат.',
    keyFile: 'файла с ключа {{file}}',
    keyEnv: 'ORBITA_SECRET_KEY',
    intoDatabaseUrl: 'Възстановявам в базата от DATABASE_URL',
    intoEmbedded: 'Възстановявам във вградения PostgreSQL в {{dir}}',
    runningThere: 'В {{dir}} работи Orbita (нейният вграден PostgreSQL); спрете я преди да възстановявате там.',
    startHint: 'Стартирайте Orbita върху нея с `npm start`.',
    restoredKeyHint:
      'Тайните ѝ са шифровани с ключа с идентификатор {{keyId}}: преди `npm start` сложете оригиналния файл secret-key в {{dir}} или задайте този ключ в ORBITA_SECRET_KEY.',
    restoredKeyHintEnv:
      'Тайните ѝ са шифровани с ключа с идентификатор {{keyId}}: преди `npm start` задайте този ключ в ORBITA_SECRET_KEY.',
    dbMissing: 'Базата {{db}} не съществува на {{host}}; първо я създайте (createdb).',
    cannotConnect: 'Не може да се свърже с PostgreSQL на {{host}}: {{error}}',
    noSchema: 'Тази база няма схема на Orbita (нито една приложена миграция); няма какво да се копира.',
    backingUp: 'Копирам таблици: {{tables}} (редове: {{rows}}), миграция {{migration}}, моментна снимка към {{at}}',
    tableSoFar: '  {{table}}: засега {{size}}...',
    tableDone: '  {{table}}: редове {{rows}}, {{size}}, {{time}}',
    written: 'Резервното копие е записано в {{file}}: {{size}} (данни от таблици {{data}}) за {{time}}',
    noSuchFile: 'Няма такъв файл: {{file}}',
    notBackupUnreadable: '{{file}} не е резервно копие на Orbita ({{error}}).',
    notBackupNoHeader: '{{file}} не е резервно копие на Orbita (няма заглавие).',
    notBackupFormat: '{{file}} не е резервно копие на Orbita (формат {{format}}).',
    formatNewer: '{{file}} е във формат {{version}}, по-нов от този, който чете тази Orbita ({{supported}}); обновете Orbita.',
    newerOrbita:
      'Това копие е направено от по-нова Orbita: базата му има миграции, които тази версия не познава ({{unknown}}). Възстановете го с онази версия на Orbita (или по-нова).',
    migrationsDiffer: 'Миграциите на копието ({{theirs}}) не съвпадат с тези на тази Orbita ({{ours}}).',
    migrationFailed: 'Миграцията {{name}} не бе изпълнена: {{error}}',
    columnsDiffer: '{{table}} има колони ({{have}}), копието ({{want}})',
    shapeDiffers: 'След миграциите таблиците на базата се различават от тези на копието: {{problems}}. Нищо не е заредено.',
    restoring: 'Възстановявам копие от {{at}} (таблици: {{tables}}, редове: {{rows}}, миграция {{migration}}, {{postgres}})',
    holdsData: 'в нея има данни (редове в {{tables}})',
    holdsDataMore: 'в нея има данни (редове в {{tables}} и още в {{more}} таблици)',
    schemaAhead: 'схемата ѝ е на миграция {{migration}}, след миграцията на копието {{last}}',
    notEmpty:
      'Целевата база не е празна: {{why}}. Възстановявайте в празна папка с данни или база, или добавете --force, за да замените всичко в нея.',
    forceDropping: '--force: изтривам всичко в схемите на целевата база ({{why}})',
    jobsNewer:
      'Опашката със задачи в копието е направена от по-нов graphile-worker (миграциите му {{missing}} тук са непознати); обновете Orbita.',
    schemaMigrated: 'Схемата е доведена до {{last}} за {{time}}',
    schemaMigratedWithJobs: 'Схемата е доведена до {{last}} и {{jobs}} за {{time}}',
    loadedReplica: 'Данните са заредени и потвърдени за {{time}} (тригерите са изключени: session_replication_role = replica)',
    loadedDisabled: 'Данните са заредени и потвърдени за {{time}} (тригерите са изключени във всяка таблица)',
    statistics: 'Статистиката е събрана за {{time}}; възстановяването отне {{total}}',
    indexesRebuilt: '  преизградени индекси: {{count}}, за {{time}}',
    tableSkipped: '  {{table}}: пропусната, не е таблица от миграциите на Orbita (невъзстановени редове: {{rows}})',
    dataAfterLast: 'Файлът на копието има данни след последната таблица; повреден е.',
    rowCountDiffers: '{{table}}: според заглавието на копието редовете са {{expected}}, във файла {{found}}; файлът е повреден.',
    fileDamaged: 'файлът на копието е отрязан или повреден ({{error}})',
    loadingFailed: 'Зареждането на {{table}} не успя: {{error}}. Нищо не е възстановено.',
    readingFailed: 'Четенето на копието не успя: {{error}}',
    endsEarlyIn: 'Файлът на копието свършва преждевременно (в {{table}}); отрязан е. Нищо не е възстановено.',
    endsEarlyHeader: 'Файлът на копието свършва преждевременно (в заглавието); отрязан е. Нищо не е възстановено.',
  },
});

export type BackupKey = keyof (typeof backupMessages)['en'];

/** A message not yet put into words: a key and its values (which may be messages themselves). */
export type BackupText = { key: BackupKey; params?: Record<string, BackupValue> };
/** A value of a message: text as it is, a number, a message, or several messages (joined by '; '). */
export type BackupValue = string | number | BackupText | BackupText[];

/** Puts a message into words in `lang`; numbers in that language's digits grouping. */
export function backupText(lang: Lang, text: BackupText): string {
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const value = (v: BackupValue | undefined): string => {
    if (v === undefined) return '';
    if (typeof v === 'number') return number.format(v);
    if (typeof v === 'string') return v;
    return Array.isArray(v) ? v.map((x) => backupText(lang, x)).join('; ') : backupText(lang, v);
  };
  return backupMessages[lang][text.key].replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => value(text.params?.[name]));
}
