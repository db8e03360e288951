# The console's case actions: claim, assign, refer, close with the record, quick replies and articles.

# Added to a notice in the staff topic when the action was taken in the console.
console-act-topic-mark = (из консоли, { $name })

console-act-choose = — выберите —
console-act-failed = Не получилось: Telegram не ответил. Обновите страницу и проверьте, что уже сделано, прежде чем пробовать снова.
console-act-no-bot = Бот ещё запускается — попробуйте через минуту.
console-act-closed = Обращение уже закрыто — действие не выполнено.

console-act-assignee-title = Кто ведёт обращение
console-act-claim = 🙋 Беру
console-act-claim-unlinked = Взять обращение может только участник рабочей группы в Telegram: свяжите учётную запись с вашим аккаунтом в группе.
console-act-claim-taken = Обращение уже взял(а) { $name }. Чтобы забрать его, выберите себя в «Передать».
console-act-assign-field = Передать
console-act-assign = Передать
console-act-assign-member = Выберите, кому передать обращение.
console-act-no-staff = В рабочей группе пока никого нет: участник появится, когда напишет в группе.
console-act-on-duty = на смене

console-act-quick-title = Быстрые ответы
console-act-quick-hint = Вставляет текст в поле сообщения — ничего не отправляется, пока вы не нажмёте «Отправить».

console-act-articles-title = Проверенные статьи
console-act-articles-hint = Клиент получит статью на своём языке, с источниками и отметкой о проверке — как по /kb.
console-act-articles-search = Поиск по статьям
console-act-articles-find = Найти
console-act-articles-none = Проверенных статей пока нет: отправлять нечего.
console-act-articles-none-found = По этому запросу проверенных статей не нашлось.
console-act-article-send = Отправить клиенту
console-act-article-send-named = Отправить клиенту: { $title }
console-act-article-unverified = У этой статьи нет проверенного текста — отправить её нельзя.

console-act-outcome-field = Итог направления
console-act-outcome-save = Отметить
console-act-outcome-problem = Выберите, чем закончилось направление.

console-act-refer-title = Направить к специалисту
console-act-refer-role = Кому
console-act-refer-person = Кто именно (необязательно)
console-act-refer-anyone = любой с этой ролью
console-act-refer-reason = Причина
console-act-refer-reason-hint = Её увидят коллеги в теме обращения; клиенту она не отправляется.
console-act-refer-submit = Направить
console-act-refer-problem-role = Выберите, к какому специалисту направить.
console-act-refer-problem-reason = Напишите причину направления.
console-act-refer-problem-reason-too-long = Причина слишком длинная: не больше { $max } символов.
console-act-refer-problem-person = Такого участника рабочей группы нет — выберите из списка.

console-act-external-title = Направить в другую организацию
console-act-external-field = Организация
console-act-external-hint = Клиенту сразу уйдут проверенные контакты организации.
console-act-external-unverified = не проверено
console-act-external-submit = Отправить контакты клиенту
console-act-external-empty = Справочник организаций пуст.
console-act-external-problem-choose = Выберите организацию из справочника.
console-act-external-problem-unverified = Данные этой организации не проверены — отправлять их клиенту нельзя.

console-act-close-title = Закрыть обращение
console-act-record-title = Закрыть с записью
console-act-record-hint = Как форма /close в теме: отмечены предложения по переписке — проверьте их. Клиент получит сообщение о закрытии и просьбу оценить помощь.
console-act-record-missing = Чтобы закрыть, отметьте: { $fields }.
console-act-contact-field = Как снова связаться с нами (в конце сообщения клиенту)
console-act-contact-hint = Клиент пишет на языке: { $language }. Пустое поле — строка из настроек.
console-act-language-ru = русский
console-act-language-en = английский
console-act-close-submit = Сохранить запись и закрыть
console-act-drop-title = Закрыть без записи
console-act-drop-reason = Причина
console-act-drop-hint = Например: спам, дубль, тест. Клиенту ничего не отправляется; причина хранится как заметка.
console-act-drop-submit = Закрыть без записи
console-act-drop-problem-empty = Закрыть без записи можно только с причиной.
console-act-drop-problem-too-long = Причина слишком длинная: не больше { $max } символов.

console-act-record-shown = Запись о закрытии
console-act-met = Онлайн или офлайн
console-act-met-online = полностью онлайн
console-act-met-offline = понадобился офлайн-шаг
console-act-taxonomy-version = Версия классификатора
console-act-closed-by = Закрыл(а)
console-act-dropped = Закрыто без записи. Причина: { $reason }.
console-act-reason-spam = спам
console-act-reason-duplicate = дубль
console-act-reason-test = тест
console-act-reason-other = другая
console-act-reason-not-recorded = не указана

console-act-done-claim = Обращение ваше.
console-act-done-assign = Обращение передано.
console-act-done-refer = Обращение направлено; в теме появилась кнопка для специалиста.
console-act-done-external = Контакты отправлены клиенту.
console-act-done-outcome = Итог направления отмечен.
console-act-done-close = Запись сохранена, обращение закрыто; клиенту отправлено сообщение о закрытии.
console-act-done-drop = Обращение закрыто без записи.
console-act-done-article = Статья отправлена клиенту.
console-act-blocked = Не доставлено: клиент заблокировал бота. Ничего не записано.
console-act-articles-all = Все проверенные статьи ({ $count })

## Фото, голосовые и другие файлы в переписке (их хранит Telegram, консоль получает их через бота)
console-media-photo-client = Фото от клиента
console-media-photo-staff = Фото от сотрудника
console-media-listen = Прослушать (открыть файл)
console-media-watch = Смотреть (открыть файл)
console-media-open = Открыть файл
console-media-gone-title = Файла нет
console-media-gone = Этого файла нет в обращении: ссылка на него удалена по истечении срока хранения или неверна.
console-media-failed-title = Telegram не отдал файл
console-media-failed = Не удалось получить файл из Telegram. Попробуйте позже.
console-media-too-big-title = Файл слишком большой
console-media-too-big = Файлы больше 20 МБ Telegram боту не отдаёт; откройте его в теме обращения в Telegram.
console-media-no-bot-title = Бот не запущен
console-media-no-bot = Файл получают через бота, а он ещё не запущен. Попробуйте через минуту.

# The case timeline
console-tl-who-console = { $name } (из консоли)
console-tl-system = система
console-tl-bot = Бот
console-tl-tap = 👆 Клиент нажал: «{ $label }»
console-tl-feedback = Клиент оценил помощь: { $rating }
console-tl-claimed = 🙋 { $who } взял(а) обращение
console-tl-assigned = { $who } передал(а) обращение
console-tl-referred = ↪️ { $who } направил(а): { $role }. Причина: { $reason }
console-tl-referral-taken = { $who } принял(а) направление
console-tl-referral-outcome = { $who }: итог направления — { $outcome }
console-tl-external = { $who } отправил(а) клиенту контакты организации
console-tl-followups-stopped = ⏹ Напоминания остановлены ({ $who }): { $reason }
console-tl-stop-help-arrived = помощь приехала
console-tl-stop-recovered = человек пришёл в себя
console-tl-stop-case-closed = обращение закрыто
console-tl-stop-staff = остановил сотрудник
console-tl-stop-other = другое
console-tl-status = Статус: { $to }
console-tl-emergency = 🚨 Передозировка: сотрудники оповещены, алерт закреплён в теме
console-tl-closed = ✅ { $who } закрыл(а) обращение с карточкой. Потребности: { $needs }. Итог: { $outcome }
console-tl-dropped = { $who } закрыл(а) без карточки; причина: { $reason }
console-tl-reopened-client = ↩️ Клиент написал снова — обращение открыто
console-tl-reopened = ↩️ { $who } открыл(а) обращение снова
console-tl-edited = ✏️ Сообщение изменено; было: «{ $before }»
console-tl-edited-erased = ✏️ Сообщение изменено
console-tl-flow-emergency = шаг при передозировке
console-tl-flow-followup = напоминание при передозировке
console-tl-flow-article = статья
console-tl-flow-article-offer = предложил статьи
console-tl-flow-organisation = контакты организации
console-tl-flow-after-hours = ответ в нерабочее время
console-tl-flow-case-opened = подтверждение обращения
console-tl-flow-voice-hint = подсказка о голосовых
console-tl-flow-not-relayed = не передано сотрудникам
console-tl-flow-nearest-unit = ближайшая точка
console-tl-flow-closing = сообщение о закрытии
console-tl-flow-feedback-request = просьба оценить помощь
console-tl-flow-slow-down = просьба писать медленнее
console-tl-flow-other = сообщение
console-act-reopen-open = Обращение и так открыто.
console-act-reopen-other-open = У клиента уже есть другое открытое обращение — работайте в нём.
console-act-reopen-erased = Текст этого обращения стёрт, открыть его снова нельзя. Если клиент напишет, откроется новое обращение.
console-act-done-reopen = Обращение открыто снова; тема в группе сотрудников открыта.
console-act-reopen-title = Открыть снова
console-act-reopen-hint = Прежняя карточка остаётся в истории обращения.
console-act-reopen-submit = Открыть обращение снова
console-tl-flow-menu = меню
console-act-follow-ups-title = Напоминания при передозировке
console-act-follow-ups-pending = Бот ещё отправит клиенту напоминаний: { $count }.
console-act-follow-ups-stop = Остановить напоминания
console-act-done-follow-ups = Напоминания остановлены; алерт в теме обновлён.
console-act-done-follow-ups-none = Останавливать нечего: напоминаний больше нет.
console-tl-emergency-again = 🚨 Клиент снова описал передозировку
console-tl-emergency-possible = ⚠️ Похоже на передозировку (по модели): клиента спросили, нужна ли помощь
console-tl-answer = 💬 Ответ клиента словами: { $answer }
console-tl-answer-breathing = дышит
console-tl-answer-not-breathing = не дышит
console-tl-answer-recovered = пришёл(а) в себя
console-tl-answer-help-arrived = помощь приехала
console-case-erased-retention = Текст этого обращения стёрт { $date } по правилу срока хранения; осталась только анонимная запись (виды сообщений, время, коды).
console-case-erased-forget = Клиент попросил его забыть: текст этого обращения стёрт { $date }. Осталась только анонимная запись (виды сообщений, время, коды).
