## Client-facing
client-case-opened = Сообщение передано сотруднику. Ответ придёт сюда, в этот чат. Ваш аккаунт сотруднику не виден.
client-not-relayed-contact = Контакты и номера телефонов мы не пересылаем — ради вашей анонимности. Напишите вопрос текстом.
client-not-relayed-kind = Такой тип сообщения мы не можем передать. Напишите текстом, отправьте фото, голосовое или файл.

## Staff-facing
topic-name = #{ $case } · Клиент { $pseudonym }
staff-case-header =
    Новое обращение #{ $case } · Клиент { $pseudonym }
    Пишите в этой теме — бот передаст ответ клиенту, ваш аккаунт он не увидит.
    /note текст — внутренняя заметка (клиенту не отправляется)
    /close — закрыть обращение (можно добавить строку, как снова связаться: /close звоните 8-800-…)
    /kb тема — отправить клиенту проверенный материал
    /refer причина — направить к специалисту; /assign (ответом на сообщение коллеги) — передать
staff-case-header-web = Клиент пишет из веб-чата на сайте, без Telegram: отвечайте здесь как обычно — ответ появится на его странице в браузере.
staff-web-file-not-shown = 🌐 Веб-чат не показывает файлы: клиент увидит только подпись и просьбу написать текстом. Напишите главное словами.
staff-client-blocked = ⚠️ Не доставлено: клиент заблокировал бота. Сообщение сохранено в обращении.
staff-delivery-failed = ⚠️ Не доставлено клиенту ({ $reason }). Попробуйте ещё раз позже.
staff-case-closed = ✅ Обращение #{ $case } закрыто.
staff-case-already-closed = Обращение #{ $case } уже закрыто — сообщение клиенту не отправлено.
staff-note-saved = 📝 Заметка сохранена (клиент её не увидит).
staff-note-empty = Напишите заметку после команды: /note текст
staff-unknown-command = Неизвестная команда. В теме обращения доступны: /note текст, /kb тема, /close
staff-client-sent-contact = ℹ️ Клиент попытался отправить контакт — он не пересылается, чтобы сохранить анонимность.
staff-client-sent-unsupported = ℹ️ Клиент отправил сообщение типа «{ $kind }» — такие сообщения не пересылаются.
staff-topic-recreated = ℹ️ Тема обращения #{ $case } была удалена — переписка продолжается здесь.
# Several text messages of one client sent as one while Telegram's limit for the group holds the queue back.
staff-batch-head = ⏳ { $count } сообщ. клиента одним блоком: группа упёрлась в лимит Telegram, отставание { $behind } мин. В консоли всё видно сразу.
staff-client-edited = ✏️ Клиент изменил сообщение из блока, теперь так:
    { $text }

## Web
home-title = Netreach
home-tagline = Анонимная онлайн-помощь для людей, употребляющих наркотики: бот, связь с сотрудниками, учёт обращений.
home-mode-telegram = Режим: Telegram (бот подключён к Telegram).
home-mode-sandbox = Режим: песочница (встроенный эмулятор Telegram, без настоящего бота).
home-version = Версия { $version }
home-health = Состояние системы
staff-case-reopened = 🔄 Клиент снова написал вскоре после закрытия — обращение #{ $case } открыто снова.

## Closing record
record-title =
    Запись по обращению #{ $case }. Отметьте потребности и услуги (✅ — предложено по переписке, проверьте), звонок и итог, затем «Сохранить и закрыть».
    Закрыть без записи можно только с причиной: /drop причина
record-needs = Потребности
record-services = Услуги
record-phone = Звонок
record-outcome = Итог
record-phone-not_proposed = Не предлагали
record-phone-accepted = Согласился
record-phone-refused = Отказался
record-phone-client_left = Клиент ушёл
record-outcome-resolved = Решено
record-outcome-partly_resolved = Частично
record-outcome-referred = Направлен
record-outcome-client_left = Клиент пропал
record-outcome-unknown = Неизвестно
record-save = 💾 Сохранить и закрыть
record-cancel = Отмена
record-missing = Чтобы сохранить, отметьте: { $fields }
record-saved = Запись сохранена: { $online }.
record-online = решено полностью онлайн
record-offline = понадобился офлайн-шаг
record-cancelled = Закрытие отменено, обращение остаётся открытым.
staff-drop-usage = Закрыть без записи можно только с причиной: /drop причина (например, /drop спам)
staff-dropped = Обращение #{ $case } закрыто без записи. Причина: { $reason }

## Claims and referrals
staff-claim-button = 🙋 Беру
staff-claim-yours = Обращение ваше.
staff-claim-taken = Уже взял(а): { $name }
staff-claimed = 🙋 Обращение #{ $case } взял(а): { $name }
staff-assign-usage = Чтобы передать обращение, ответьте командой /assign на сообщение коллеги.
staff-refer-choose = Кому направить обращение #{ $case }?
staff-referred = ↪️ Обращение #{ $case } направлено: { $who }. Причина: { $reason }
staff-referral-take = Беру (специалист)
staff-referral-taken = Обращение #{ $case } ведёт специалист: { $name }. Чем закончилось направление — отметьте кнопкой выше.
staff-referral-outcome = Итог направления: { $outcome }
referral-done = Выполнено
referral-did_not_come = Клиент не пришёл
referral-declined = Отказ
staff-roles-set = Ваши роли: { $roles }. Доступные: { $all }
role-doctor = Врач
role-psychologist = Психолог
role-lawyer = Юрист
role-social_worker = Соцработник
role-peer_worker = Равный консультант
staff-offer = 💡 Предлагаем взять: { $who } (роли: { $roles }; открытых обращений: { $open })
ext-choose = Куда направить клиента? Клиент получит проверенные контакты.
ext-sent = 📇 Клиенту отправлены контакты: { $name }. Чем закончилось направление — отметьте позже кнопкой.
ext-unverified = Эти данные ещё не проверены — отправлять клиенту нельзя.
ext-empty = Справочник организаций пуст: добавьте их в organisation.json (externalOrganisations).
ext-verified = Проверено: { $who }, { $date }
command-ext = Направить в другую организацию (справочник)
home-console = Консоль для сотрудников
home-web-chat = Анонимный веб-чат (для клиентов)
home-simulator = Песочница: сыграть клиента и сотрудника
staff-linked = 🔗 Связано с учётной записью консоли: { $name }.
staff-link-invalid = Код не подошёл: он неверный, уже использован или устарел. Получите новый в консоли.
staff-note-too-long = Заметка слишком длинная: до 3800 символов.
staff-reason-too-long = Причина слишком длинная: до 1000 символов.
