## Консоль: сотрудники и роли, журнал доступа, клиенты

console-pager-previous = ← Назад
console-pager-next = Дальше →
console-pager-page = Страница { $page }

console-staff-title = Сотрудники
console-staff-created = Создана
console-staff-disabled = отключена
console-staff-disabled-at = Отключена
console-staff-totp-on = второй фактор включён
console-staff-totp-off = без второго фактора
console-staff-linked = связана с рабочей группой
console-staff-unlinked = не связана с рабочей группой
console-staff-invitation-pending = ждёт выбора пароля
console-staff-invitation-until = Ссылка-приглашение действует до
console-staff-new-title = Новая учётная запись
console-staff-new-intro = Учётная запись создаётся без пароля. Вы получите одноразовую ссылку (72 часа): передайте её сотруднику, по ней он выберет пароль, а администратор или координатор затем настроит второй фактор.
console-staff-role-field = Роль
console-staff-locale-field = Язык консоли
console-staff-create = Создать и получить ссылку
console-staff-not-found-title = Учётная запись не найдена
console-staff-not-found = Учётной записи с таким номером нет.
console-staff-back = Ко всем сотрудникам
console-staff-invitation-title = Ссылка-приглашение
console-staff-invitation-text = Передайте эту ссылку сотруднику надёжным способом. Она показана один раз, работает один раз и до { $expires }; по ней выбирают пароль. Новая ссылка отменяет прежнюю.
console-staff-role-title = Роль
console-staff-role-hint = Новая роль действует сразу: все сеансы этой учётной записи завершатся. Администратору и координатору при следующем входе нужно будет настроить второй фактор, если его ещё нет.
console-staff-role-submit = Изменить роль
console-staff-access-title = Доступ
console-staff-invite = Новая ссылка для пароля
console-staff-invite-hint = Если сотрудник забыл пароль или приглашение истекло: по новой ссылке он выберет пароль. Прежний пароль действует, пока новый не выбран.
console-staff-totp-reset = Сбросить второй фактор
console-staff-totp-reset-hint = Если телефон с приложением потерян: сеансы завершатся, и сотрудник настроит второй фактор заново.
console-staff-disable = Отключить учётную запись
console-staff-disable-hint = Вход станет невозможен, все сеансы завершатся. Записи журнала и работа сотрудника сохранятся.
console-staff-enable = Включить учётную запись
console-staff-member-title = Участник рабочей группы
console-staff-member-none = Учётная запись не связана с участником рабочей группы в Telegram. Сотрудник может связать её сам: «Связать с Telegram» в консоли и команда /link в группе.
console-staff-member-linked = Связана с участником рабочей группы: { $name }. Обращения, взятые в Telegram, и ответы оттуда считаются работой этой учётной записи.
console-staff-referral-roles = Роли для направлений
console-staff-referral-roles-hint = Кому можно направить обращение командой /refer; то же, что сотрудник задаёт командой /role в группе.
console-staff-referral-roles-submit = Сохранить роли
console-staff-unlink = Отвязать от участника группы
console-staff-unlink-hint = Действия в Telegram перестанут считаться работой этой учётной записи.
console-staff-done-role = Роль изменена; сеансы учётной записи завершены.
console-staff-done-disable = Учётная запись отключена; сеансы завершены.
console-staff-done-enable = Учётная запись снова включена.
console-staff-done-totp-reset = Второй фактор сброшен; сеансы завершены.
console-staff-done-unlink = Учётная запись отвязана от участника рабочей группы.
console-staff-done-roles = Роли для направлений сохранены.
console-staff-error-last-admin = Это последний действующий администратор: без него консолью некому управлять. Сначала назначьте администратором кого-то ещё.
console-staff-error-disabled = Учётная запись отключена: сначала включите её.
console-staff-error-not-linked = Учётная запись не связана с участником рабочей группы.

console-invite-title = Выберите пароль
console-invite-intro = Учётная запись: { $name } (логин { $login }), роль: { $role }. Ссылка работает один раз.
console-invite-submit = Сохранить пароль и войти
console-invite-invalid-title = Ссылка не работает
console-invite-invalid = Её уже использовали, срок истёк, выдана более новая ссылка или учётная запись отключена. Попросите администратора о новой ссылке.

console-clients-title = Клиенты
console-clients-intro = Клиент — это только псевдоним: ни имён, ни номеров, ни аккаунтов Telegram система не хранит.
console-clients-search = Псевдоним
console-clients-search-hint = Целиком или часть, например K7Q.
console-clients-search-submit = Найти
console-clients-empty = Клиентов пока нет.
console-clients-none-found = Клиентов с таким псевдонимом нет.
console-clients-client = Клиент { $pseudonym }
console-clients-cases = { $count ->
    [one] { $count } обращение
    [few] { $count } обращения
   *[many] { $count } обращений
}
console-clients-open-case = есть открытое обращение
console-clients-first-contact = Первый контакт
console-clients-last-contact = Последний контакт
console-clients-pages = Страницы списка клиентов
console-clients-not-found-title = Клиент не найден
console-clients-not-found = Клиента с таким номером нет.
console-clients-history = Обращения
console-clients-no-cases = Обращений нет.
console-clients-case = Обращение #{ $case }
console-clients-closed = Закрыто
console-clients-met = Решено онлайн?
console-clients-no-record-yet = Карточка обращения ещё не заполнена.
console-clients-closed-without-record = Закрыто без карточки; причина: { $reason }.
console-clients-back = Ко всем клиентам
console-clients-earlier-record = Обращение открыто снова; карточка до повторного открытия:
console-clients-closed-before = Закрывалось

## Delivery to Telegram (the outbox)
console-delivery-title = Доставка в Telegram
console-delivery-link = Доставка в Telegram: очередь и неотправленное →
console-delivery-intro = Бот отправляет сообщения через очередь, в пределах лимитов Telegram (в группу сотрудников — около 20 в минуту). Здесь видно, что ждёт отправки, и что Telegram отклонил или не удалось отправить после нескольких попыток. Текстов здесь нет: они в обращении.
console-delivery-queue = Ждёт отправки
console-delivery-queue-empty = Очередь пуста: всё отправлено.
console-delivery-queue-line = { $kind }: { $count } — самое старое ждёт { $minutes } мин.
console-delivery-kind-group = В группу (сотрудников или сообщества)
console-delivery-kind-client = Клиенту
console-delivery-kind-member = Участнику чата сообщества
console-delivery-parked = Не отправлено
console-delivery-parked-empty = Ничего: всё, что было в очереди, отправлено.
console-delivery-attempts = попыток: { $count }
console-delivery-retry = Отправить снова
console-delivery-discard = Не отправлять
console-delivery-done-retry = Возвращено в очередь: отправится в свой черёд.
console-delivery-done-discard = Отменено: это сообщение отправлено не будет.
console-delivery-done-gone = Этого уже нет среди неотправленного.
console-audit-action-delivery-retry = Повторная отправка из очереди
console-audit-action-delivery-discard = Отмена отправки из очереди
