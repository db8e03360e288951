# The console's settings pages (/console/settings).
console-settings-title = Настройки
console-settings-intro = Настройки организации хранятся в базе данных; действует последняя сохранённая версия (сейчас № { $version }). Сохранённое применяется сразу: бот начинает отвечать по-новому без перезапуска.
console-settings-save = Сохранить
console-settings-back = ← Все настройки
console-settings-saved = Сохранено. Новые настройки уже действуют.
console-settings-unchanged = Ничего не изменилось: новая версия не создана.
console-settings-conflict = Пока вы редактировали, этот раздел сохранил кто-то другой. Ниже — ваши значения; проверьте их (текущие можно увидеть, открыв раздел заново) и сохраните ещё раз, если они верны.
console-settings-unavailable-title = Настройки недоступны
console-settings-unavailable = Консоль запущена без хранилища настроек. Запустите систему целиком.
console-settings-not-found-title = Нет такого раздела
console-settings-not-found = Такого раздела настроек нет.
console-settings-version-missing-title = Нет такой версии
console-settings-version-missing = Такой сохранённой версии нет (или она больше не подходит к нынешним правилам).

console-settings-section-organisation = Организация
console-settings-section-taxonomy = Потребности и услуги
console-settings-section-quick-replies = Быстрые ответы
console-settings-section-mobile-units = Мобильные пункты
console-settings-section-duty = Дежурства
console-settings-section-directory = Справочник организаций
console-settings-section-community = Чат сообщества
console-settings-section-channel = Канал
console-settings-section-retention = Хранение
console-settings-about-organisation = Название, часовой пояс, номера экстренных служб, врач, текст о законе, строка для закрытия обращения, напоминания при передозировке.
console-settings-about-taxonomy = Потребности и услуги, из которых работник выбирает при закрытии обращения; по ним строятся отчёты.
console-settings-about-quick-replies = Короткие ответы, которые работник вставляет в ответ в консоли. Клиенту они уходят только после правки и отправки работником.
console-settings-about-mobile-units = Пункты, их остановки с расписанием по дням недели и разовые изменения. Откройте пункт, чтобы добавить или изменить остановку.
console-settings-about-duty = Часы, когда отвечают работники, кто дежурит, кто на связи в экстренных случаях, выходные дни.
console-settings-about-directory = Организации, куда направляют клиентов (команда /ext). Клиент получает данные так, как они записаны здесь.
console-settings-about-community = Кто и как вступает в чат сообщества: личные приглашения, срок на принятие правил, сами правила; приветствие, вопросы без ответа и запреты писать за повторные нарушения.
console-settings-about-channel = Когда в канал выходит еженедельный пост с остановками мобильных пунктов и публикуется ли сразу отмена или перенос остановки.
console-settings-about-retention = Сколько дней хранится текст сообщений после закрытия обращения.
console-settings-about-history = Каждое сохранение — новая версия: кто и когда сохранил. Старую версию можно вернуть: она сохранится как новая.

console-settings-taxonomy-versions = Версия списка сейчас: { $version }. Каждое обращение помнит версию, с которой его записали, поэтому старые отчёты не меняются. Если добавить или убрать потребность или услугу, поменять код или то, решается ли она онлайн, версия повысится сама; названия и выключение версию не меняют.
console-settings-retention-explained = Через { $days } дн. после закрытия обращения стирается текст его сообщений, комментарии к отзывам и причины направлений. Остаётся анонимная запись: номер обращения, псевдоним, даты, потребности, услуги, направления и исход — для отчётов. Имён и Telegram-аккаунтов клиентов система не хранит вообще.

console-settings-error = { $where }: { $problem }
console-settings-item = значение { $n }
console-settings-lang-ru = рус.
console-settings-lang-en = англ.

console-settings-row-needs = потребность { $n }
console-settings-row-services = услуга { $n }
console-settings-row-quick-replies = быстрый ответ { $n }
console-settings-row-mobile-units = пункт { $n }
console-settings-row-stops = остановка { $n }
console-settings-row-windows = время { $n }
console-settings-row-changes = изменение { $n }
console-settings-row-staff = дежурный { $n }
console-settings-row-external-organisations = организация { $n }

console-settings-f-name = Название
console-settings-f-time-zone = Часовой пояс
console-settings-f-emergency-numbers = Номера экстренных служб
console-settings-f-doctor-contact = Как связаться с врачом
console-settings-f-ambulance-law = Что говорит закон о вызове скорой
console-settings-f-closing-contact-line = Строка в конце сообщения о закрытии
console-settings-f-second-dose-reminder-seconds = Напоминание о второй дозе, секунд
console-settings-f-help-arrived-check-seconds = Вопрос «помощь приехала?», секунд
console-settings-f-reopen-within-hours = Обращение открывается снова, если клиент пишет в течение (часов)
console-settings-f-needs = Потребности
console-settings-f-services = Услуги
console-settings-f-code = Код
console-settings-f-theme = Тема
console-settings-f-label = Название
console-settings-f-offline = Офлайн-услуга
console-settings-f-quick-replies = Быстрые ответы
console-settings-f-id = Код
console-settings-f-text = Текст
console-settings-f-mobile-units = Мобильные пункты
console-settings-f-stops = Остановки
console-settings-f-windows = Время работы
console-settings-f-changes = Разовые изменения
console-settings-f-address = Адрес
console-settings-f-latitude = Широта
console-settings-f-longitude = Долгота
console-settings-f-weekday = День недели
console-settings-f-from = С
console-settings-f-to = До
console-settings-f-date = Дата
console-settings-f-stop-id = Остановка
console-settings-f-status = Что меняется
console-settings-f-note = Примечание
console-settings-f-staff = Дежурные
console-settings-f-on-call = На связи в экстренных случаях
console-settings-f-telegram = Telegram
console-settings-f-phone = Телефон
console-settings-f-holidays = Выходные дни
console-settings-f-person-name = Кто
console-settings-f-external-organisations = Организации
console-settings-f-slug = Код
console-settings-f-kind = Вид
console-settings-f-contacts = Контакты
console-settings-f-hours = Часы работы
console-settings-f-message-text-days = Хранить текст сообщений после закрытия, дней
console-settings-f-peer-invites-per-month = Вступлений по личной ссылке одного участника в месяц
console-settings-f-join-request-timeout-minutes = Заявка на вступление отклоняется через, часов
console-settings-f-rules = Правила чата
console-settings-f-welcome-delete-minutes = Приветствие новичкам удаляется через, минут
console-settings-f-unanswered-question-minutes = Вопрос без ответа передаётся сотрудникам через, минут
console-settings-f-mute-ladder-minutes = Запрет писать за повторные нарушения, минут
console-settings-f-weekly-schedule = Еженедельный пост с остановками
console-settings-f-enabled = Публиковать расписание каждую неделю
console-settings-f-at = Время
console-settings-f-stop-changes = Сразу сообщать об отмене или переносе остановки

console-settings-hint-name = Так название видят клиенты. Бот не склоняет его, а пишет в кавычках после слова: «сотрудники организации «…»».
console-settings-hint-time-zone = Название пояса IANA, например Europe/Moscow. По нему считаются дежурства и расписание.
console-settings-hint-emergency-numbers = Через запятую, например: 103, 112. Первый номер стоит первым в каждом экстренном ответе.
console-settings-hint-doctor-contact = Необязательно. Бот пишет это после слов «Врач организации «…» на связи:» — в ответе при передозировке и в статье о ранах. Например: @ник_врача или «напишите сюда — мы передадим врачу».
console-settings-hint-ambulance-law = Необязательно: своими словами организации. Без этого текста кнопки о законе нет.
console-settings-hint-closing-contact-line = Как снова связаться со службой; работник может заменить её в /close.
console-settings-hint-second-dose = От 1 до 600; обычно 150.
console-settings-hint-help-arrived = От 1 до 3600; обычно 300.
console-settings-hint-reopen = От 0 до 2160; обычно 48. Позже начинается новое обращение.
console-settings-hint-code = Латинские строчные буквы, цифры и «_», от 2 до 40 знаков. По коду считают отчёты: если его поменять, версия списка повысится.
console-settings-hint-id = Латинские строчные буквы, цифры и «-», до 40 знаков.
console-settings-hint-changes = Остановка отменена или перенесена в какой-то день.
console-settings-hint-moved = Для переноса: новый адрес (если меняется).
console-settings-hint-duty-windows = Когда отвечают работники и кто дежурит. Дежурных выбирают из учётных записей консоли; если «С» позже «До», смена идёт за полночь.
console-settings-hint-telegram = Например @anna_outreach.
console-settings-hint-holidays = Даты через запятую или по одной в строке, например 2026-12-31. В эти дни смен нет.
console-settings-hint-retention = От 0 до 3650 дней.
console-settings-hint-peer-invites = От 0 до 100; обычно 3. При 0 участники не приглашают: вступить можно только по ссылкам сотрудников.
console-settings-hint-join-timeout = Целые часы (24) или часы и минуты (1:30); от 0:01 до 168 (неделя); обычно 24. Это время называется заявителю.
console-settings-hint-rules = Заявитель читает их и нажимает «Принимаю». До 3000 знаков каждый текст. Оставьте оба поля пустыми — будут стандартные правила, они видны в полях серым.
console-settings-hint-welcome-delete = От 1 до 1440 (сутки); обычно 10. Чтобы чат оставался читаемым.
console-settings-hint-unanswered = От 1 до 1440 (сутки); обычно 30.
console-settings-hint-mute-ladder = Через запятую, например 60, 1440, 10080 (час, сутки, неделя). За первое удалённое сообщение участник получает только предупреждение; за второе — запрет писать на первое число минут, за третье — на второе и так далее; когда список кончится, повторяется последнее. От 1 до 10 чисел, каждое не больше 527040 (366 дней).
console-settings-hint-weekly-schedule = Остановки и часы на неделю выходят в канале в этот день и в это время (по часовому поясу организации).
console-settings-hint-stop-changes = По разовым изменениям в разделе «Мобильные пункты».
console-settings-community-joining = Вступление
console-settings-community-in-chat = В чате
console-settings-community-default-rules = Стандартные правила (действуют, пока оба поля пустые)

console-settings-theme-online = Решается онлайн
console-settings-theme-online-offline = Нужен офлайн-шаг
console-settings-offline-no = Нет, онлайн
console-settings-offline-yes = Да, офлайн
console-settings-weekday-1 = понедельник
console-settings-weekday-2 = вторник
console-settings-weekday-3 = среда
console-settings-weekday-4 = четверг
console-settings-weekday-5 = пятница
console-settings-weekday-6 = суббота
console-settings-weekday-7 = воскресенье
console-settings-status-cancelled = Отменена
console-settings-status-moved = Перенесена
console-settings-kind-aids-centre = Центр СПИД
console-settings-kind-clinic = Клиника
console-settings-kind-detox = Детокс
console-settings-kind-rehab = Реабилитация
console-settings-kind-prep = ДКП (PrEP)
console-settings-kind-legal = Юридическая помощь
console-settings-kind-social = Социальная помощь
console-settings-kind-other = Другое

console-settings-problem-duplicate = такой код уже есть в строке { $row }
console-settings-problem-unknown-stop = у этого пункта нет такой остановки
console-settings-problem-time = нужно время вида 09:30
console-settings-problem-date = нужна дата вида 2026-12-31
console-settings-problem-time-zone = нужен пояс IANA, например Europe/Moscow
console-settings-problem-telegram = нужно имя вида @username (5–32 латинских буквы, цифры или «_»)
console-settings-problem-code = только латинские строчные буквы, цифры и «_», от 2 до 40 знаков
console-settings-problem-id = только латинские строчные буквы, цифры и «-», до 40 знаков
console-settings-problem-format = значение в неверном виде
console-settings-problem-number = нужно число
console-settings-problem-whole-number = нужно целое число
console-settings-problem-required = заполните поле
console-settings-problem-min-length = не короче { $min } знаков
console-settings-problem-at-least-one = нужна хотя бы одна строка
console-settings-problem-min = не меньше { $min }
console-settings-problem-max = не больше { $max }
console-settings-problem-too-many = не больше { $max } строк
console-settings-problem-choose = выберите из списка
console-settings-problem-hours = нужны часы, например 24 или 1:30, от 0:01 до 168

console-settings-history-title = История настроек
console-settings-history-version-n = Версия { $version }
console-settings-history-from-file = из файла organisation.json
console-settings-history-in-force = действует
console-settings-history-restore = Вернуть
console-settings-history-restore-version = Вернуть версию { $version }

# Lists edited an item at a time, the index's summaries, the flash.
console-settings-remove = Удалить
console-settings-remove-named = Удалить: { $name }
console-settings-edit = Изменить
console-settings-edit-named = Изменить: { $name }
console-settings-up = Выше
console-settings-up-named = Поднять выше: { $name }
console-settings-add-button = Добавить
console-settings-back-to = ← { $name }
console-settings-back-units = ← Мобильные пункты
console-settings-added = Добавлено. Новые настройки уже действуют.
console-settings-removed = Удалено. Новые настройки уже действуют.
console-settings-history-link = Вернуть из истории
console-settings-conflict-short = Не сохранено: этот раздел только что сохранил кто-то другой. Проверьте и повторите.
console-settings-not-saved = { $n ->
    [one] Не сохранено: исправьте { $n } поле.
    [few] Не сохранено: исправьте { $n } поля.
   *[many] Не сохранено: исправьте { $n } полей.
}
console-settings-to-form = К форме
console-settings-problem-taken = такой код уже есть
console-settings-problem-choose-days = отметьте хотя бы один день
console-settings-problem-map-empty = вставьте ссылку на точку или координаты
console-settings-problem-map-short-link = это короткая ссылка, её не прочитать без перехода: откройте её в браузере и скопируйте полный адрес из адресной строки (или координаты точки)
console-settings-problem-map-no-point = в этом тексте нет точки: скопируйте ссылку на место (в Яндекс Картах — «Что здесь?», в Google Картах — нажмите на точку) или координаты вида 59.9325, 30.4393
console-settings-problem-map-out-of-range = таких координат нет: широта от −90 до 90, долгота от −180 до 180

console-settings-weekday-short-1 = пн
console-settings-weekday-short-2 = вт
console-settings-weekday-short-3 = ср
console-settings-weekday-short-4 = чт
console-settings-weekday-short-5 = пт
console-settings-weekday-short-6 = сб
console-settings-weekday-short-7 = вс
console-settings-f-days = Дни
console-settings-f-account-id = Кто
console-settings-f-on-duty = Дежурный
console-settings-f-place = Где на карте
console-settings-f-place-moved = Новое место на карте (если меняется)
console-settings-f-unit-name = Название пункта
console-settings-f-reply-label = Название на кнопке
console-settings-hint-place = Ссылка из Яндекс Карт, 2ГИС, Google Карт, OpenStreetMap или координаты, например 59.9325, 30.4393.
console-settings-placeholder-place = Вставьте ссылку на точку
console-settings-hint-address = Так адрес видят клиенты и подписчики канала.
console-settings-hint-note = Необязательно: причина или подсказка для клиентов.
console-settings-hint-code-new = Можно оставить пустым: код сделается из английского названия.
console-settings-hint-unlinked = «{ $name }» записан(а) только по имени, без учётной записи. Выберите учётную запись в списке.
console-settings-hint-unlinked-suggest = «{ $name }» записан(а) только по имени. Похоже, это учётная запись { $account }: выберите её в списке.
console-settings-point-read = Точка ({ $source }):
console-settings-point-check = проверить на openstreetmap.org ↗
console-settings-point-found = Точка найдена — проверьте её по ссылке под полем. Ещё не сохранено.
console-settings-point-not-found = Точку не удалось прочитать: посмотрите подсказку у поля.
console-settings-check-point = Проверить точку
console-settings-map-google = Google Карты
console-settings-map-yandex = Яндекс Карты
console-settings-map-osm = OpenStreetMap
console-settings-map-2gis = 2ГИС
console-settings-map-apple = Apple Карты
console-settings-map-geo = geo-ссылка
console-settings-map-link = ссылка
console-settings-map-coordinates = координаты

console-settings-shifts = Смены
console-settings-no-shifts = Смен нет: бот отвечает, что сейчас нерабочее время, в любое время.
console-settings-shift-nobody = дежурный не назначен
console-settings-add-shift = Добавить смену
console-settings-add-shift-button = Добавить смену
console-settings-on-call-and-holidays = На связи и выходные
console-settings-nobody = — никого —
console-settings-nobody-yet = — пока никого —
console-settings-person-n = Дежурный { $n }
console-settings-person-new = Ещё один дежурный
console-settings-person-take-off = — снять с этой смены —
console-settings-person-unlinked = { $name } — без учётной записи (как записано)
console-settings-person-unlinked-short = { $name } — без учётной записи
console-settings-person-disabled = { $name } — учётная запись отключена
console-settings-unlinked-notice = { $n ->
    [one] { $n } дежурный записан только по имени, без учётной записи: откройте его смену и выберите учётную запись.
    [few] { $n } дежурных записаны только по имени, без учётной записи: откройте их смены и выберите учётные записи.
   *[many] { $n } дежурных записаны только по имени, без учётной записи: откройте их смены и выберите учётные записи.
}

console-settings-no-units = Пунктов пока нет.
console-settings-unit-no-stops = остановок пока нет
console-settings-unit-open = Остановки и изменения
console-settings-add-unit = Добавить пункт
console-settings-add-unit-button = Добавить пункт
console-settings-unit-name = Название пункта
console-settings-add-stop = Добавить остановку
console-settings-add-stop-button = Добавить остановку
console-settings-stop-no-times = время не задано
console-settings-times-n = Время { $n }
console-settings-times-new = Ещё время (другие дни или часы)
console-settings-add-change = Отменить или перенести остановку в какой-то день
console-settings-moved-to = Для переноса: куда и когда
console-settings-add-need = Добавить потребность
console-settings-add-service = Добавить услугу
console-settings-add-reply = Добавить быстрый ответ
console-settings-add-organisation = Добавить организацию
console-settings-need-off = выключена
console-settings-need-period = период статьи: { $period }
console-settings-organisation-timings = Передозировка и повторные обращения: { $second } с, { $arrived } с, { $reopen } ч

console-settings-new-shifts = Новая смена
console-settings-new-units = Новый пункт
console-settings-new-stops = Новая остановка
console-settings-new-changes = Отменить или перенести остановку
console-settings-new-needs = Новая потребность
console-settings-new-services = Новая услуга
console-settings-new-replies = Новый быстрый ответ
console-settings-new-organisations = Новая организация
console-settings-edit-shifts = Смена
console-settings-edit-units = Пункт
console-settings-edit-stops = Остановка
console-settings-edit-changes = Разовое изменение
console-settings-edit-needs = Потребность
console-settings-edit-services = Услуга
console-settings-edit-replies = Быстрый ответ
console-settings-edit-organisations = Организация

console-settings-sum-organisation = { $name } · { $zone } · экстренные: { $numbers }
console-settings-sum-duty = { $shifts ->
    [0] смен нет
    [one] { $shifts } смена
    [few] { $shifts } смены
   *[many] { $shifts } смен
}: { $days } · дежурных: { $people } · на связи: { $onCall }{ $unlinked ->
    [0] {""}
   *[other] {" "}· без учётной записи: { $unlinked }
}
console-settings-sum-nobody = никого
console-settings-sum-no-units = пунктов нет
console-settings-sum-unit = { $name }: { $stops ->
    [one] { $stops } остановка
    [few] { $stops } остановки
   *[many] { $stops } остановок
}{ $changes ->
    [0] {""}
   *[other] , разовых изменений: { $changes }
}
console-settings-sum-taxonomy = потребностей: { $needs }{ $off ->
    [0] {""}
   *[other] {" "}(выключено: { $off })
} · услуг: { $services } · версия { $version }
console-settings-sum-none = пока ничего
console-settings-sum-community = личных приглашений в месяц: { $invites } · заявка ждёт { $hours } ч · правила: { $rules ->
    [own] свои
   *[default] стандартные
}
console-settings-sum-channel = расписание: { $day } { $at } · об изменениях остановок: { $changes ->
    [yes] сразу
   *[no] нет
}
console-settings-sum-channel-off = еженедельного расписания нет · об изменениях остановок: { $changes ->
    [yes] сразу
   *[no] нет
}
console-settings-sum-retention = текст сообщений стирается через { $days } дн. после закрытия
console-settings-sum-history = действует версия { $version }; старую можно вернуть
console-settings-theme-short-online = онлайн
console-settings-theme-short-online-offline = офлайн-шаг
console-settings-service-online = онлайн
console-settings-service-offline = офлайн
console-settings-f-offered = Предлагать при закрытии обращения
console-settings-hint-offered = Выключенную потребность не предлагают для новых записей о закрытии; обращения, уже записанные с ней, остаются в отчётах.
console-settings-need-period-explained = Эта потребность — из периода, описанного в статье ({ $period }): правила пандемии. В новой установке она выключена; включите её, если такие вопросы снова приходят.
console-settings-taxonomy-short = Версия списка: { $version }. Из этих списков выбирают при закрытии обращения, по ним строятся отчёты. Как меняется версия — на странице потребности или услуги.
