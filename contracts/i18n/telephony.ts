import { defineCatalogue } from './types.js';

/** Calls, lines, extensions and PBX connections: API errors, field rules, connection problems. */
export const telephony = defineCatalogue({
  en: {
    errors: {
      CALL_NOT_FOUND: 'Call not found',
      TELEPHONY_LINE_NOT_FOUND: 'Line not found',
      TELEPHONY_LINE_TAKEN: 'The workspace already has a line with this number',
      TELEPHONY_CONNECTION_NOT_FOUND: 'PBX connection not found',
      TELEPHONY_SIGNATURE_INVALID:
        "The request is not signed with this connection's key: check the key and secret entered in Orbita and in the PBX account",
      EXTENSION_TAKEN: 'Another user already has this extension',
    },
    calls: {
      rules: {
        beforeStart: 'Cannot be earlier than the start of the call',
        beforeAnswer: 'Cannot be earlier than the answer',
        host: 'A host name or an IP address, without a scheme or a path',
        lineNumber: 'Not a phone number',
        defaultUser: 'Choose an active user of the workspace',
        extension: 'An extension is 1 to 32 digits or letters (also * # . _ -)',
        rangeOrder: 'The end of the period must come after its start',
        json: 'Not a JSON object of the PBX',
        callStart: 'A date and time as YYYY-MM-DD HH:MM:SS',
      },
      connectionErrors: {
        AMI_AUTH_FAILED: 'The PBX refused the user name or secret',
        AMI_UNREACHABLE: 'The PBX cannot be reached at this host and port',
        AMI_NOT_AMI: 'The server at this address does not speak the Asterisk Manager Interface',
        AMI_CLOSED: 'The PBX closed the connection; reconnecting',
        AMI_TIMEOUT: 'The PBX stopped answering; reconnecting',
        SECRET_UNREADABLE: 'The stored secret cannot be opened with the configured key; enter it again',
      },
    },
  },
  ru: {
    errors: {
      CALL_NOT_FOUND: 'Звонок не найден',
      TELEPHONY_LINE_NOT_FOUND: 'Линия не найдена',
      TELEPHONY_LINE_TAKEN: 'Линия с таким номером уже есть',
      TELEPHONY_CONNECTION_NOT_FOUND: 'Подключение к АТС не найдено',
      TELEPHONY_SIGNATURE_INVALID: 'Запрос не подписан ключом этого подключения: проверьте ключ и секрет в Orbita и в личном кабинете АТС',
      EXTENSION_TAKEN: 'Этот внутренний номер уже у другого пользователя',
    },
    calls: {
      rules: {
        beforeStart: 'Не может быть раньше начала звонка',
        beforeAnswer: 'Не может быть раньше ответа',
        host: 'Имя хоста или IP-адрес, без схемы и пути',
        lineNumber: 'Это не номер телефона',
        defaultUser: 'Выберите активного пользователя этого пространства',
        extension: 'Внутренний номер: от 1 до 32 цифр или букв (также * # . _ -)',
        rangeOrder: 'Конец периода должен быть позже начала',
        json: 'Не объект JSON от АТС',
        callStart: 'Дата и время в виде ГГГГ-ММ-ДД ЧЧ:ММ:СС',
      },
      connectionErrors: {
        AMI_AUTH_FAILED: 'АТС отклонила имя пользователя или пароль',
        AMI_UNREACHABLE: 'АТС недоступна по этому адресу и порту',
        AMI_NOT_AMI: 'Сервер по этому адресу не говорит на протоколе Asterisk Manager Interface',
        AMI_CLOSED: 'АТС закрыла соединение; переподключаемся',
        AMI_TIMEOUT: 'АТС перестала отвечать; переподключаемся',
        SECRET_UNREADABLE: 'Сохранённый пароль не открывается настроенным ключом; введите его заново',
      },
    },
  },
  bg: {
    errors: {
      CALL_NOT_FOUND: 'Обаждането не е намерено',
      TELEPHONY_LINE_NOT_FOUND: 'Линията не е намерена',
      TELEPHONY_LINE_TAKEN: 'Вече има линия с този номер',
      TELEPHONY_CONNECTION_NOT_FOUND: 'Връзката с централата не е намерена',
      TELEPHONY_SIGNATURE_INVALID:
        'Заявката не е подписана с ключа на тази връзка: проверете ключа и тайната в Orbita и в профила на централата',
      EXTENSION_TAKEN: 'Този вътрешен номер вече е на друг потребител',
    },
    calls: {
      rules: {
        beforeStart: 'Не може да е преди началото на обаждането',
        beforeAnswer: 'Не може да е преди отговора',
        host: 'Име на хост или IP адрес, без схема и път',
        lineNumber: 'Това не е телефонен номер',
        defaultUser: 'Изберете активен потребител на работното пространство',
        extension: 'Вътрешният номер е от 1 до 32 цифри или букви (също * # . _ -)',
        rangeOrder: 'Краят на периода трябва да е след началото',
        json: 'Не е JSON обект от централата',
        callStart: 'Дата и час във вида ГГГГ-ММ-ДД ЧЧ:ММ:СС',
      },
      connectionErrors: {
        AMI_AUTH_FAILED: 'Централата отказа потребителското име или паролата',
        AMI_UNREACHABLE: 'Централата не е достъпна на този адрес и порт',
        AMI_NOT_AMI: 'Сървърът на този адрес не говори протокола Asterisk Manager Interface',
        AMI_CLOSED: 'Централата затвори връзката; свързваме се отново',
        AMI_TIMEOUT: 'Централата спря да отговаря; свързваме се отново',
        SECRET_UNREADABLE: 'Запазената парола не се отваря с настроения ключ; въведете я отново',
      },
    },
  },
});
