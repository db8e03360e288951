# Staff access (issue 13): buttons bound to their case topic.
staff-button-out-of-place = Эта кнопка не относится к этой теме.

# Staff access: sessions and Telegram on the account page.
console-staff-done-sessions = Все сеансы учётной записи завершены.
console-staff-sessions-title = Сеансы
console-staff-sessions-count = Открытых сеансов: { $n }.
console-staff-sessions-last-seen = Последний запрос:
console-staff-sessions-end-hint = Завершает все сеансы учётной записи на всех устройствах (потерянный телефон, чужой компьютер). Пароль и второй фактор не меняются: если они могли попасть к кому-то ещё, выдайте ссылку для нового пароля и сбросьте второй фактор.
console-staff-sessions-confirm = Да, завершить все сеансы
console-staff-sessions-end = Завершить все сеансы
console-staff-sessions-unconfirmed = Отметьте подтверждение, чтобы завершить сеансы.
console-staff-disable-telegram-hint = Бот удалит связанного участника из рабочей группы в Telegram и снимет с него права администратора в чате сообщества.
console-staff-enable-telegram-hint = Включение не вернёт человека в рабочую группу: пригласите его в Telegram заново.
console-staff-telegram-staff-group = Удаление из рабочей группы
console-staff-telegram-community = Снятие прав администратора в чате сообщества
console-staff-telegram-waiting = ожидает отправки
console-staff-telegram-done = выполнено
console-staff-telegram-failed = Telegram отказал:
console-audit-action-account-sessions-end = Администратор завершил сеансы
console-audit-action-account-telegram-removed = Удалён из рабочей группы в Telegram
console-audit-action-account-telegram-remove-failed = Не удалось удалить из рабочей группы
console-audit-action-account-community-demoted = Сняты права в чате сообщества
console-audit-action-account-community-demote-failed = Не удалось снять права в чате сообщества

# Own password change.
console-password-change-title = Смена пароля
console-password-change-intro = Сначала нынешний пароль, затем новый дважды. Все ваши другие сеансы (на других устройствах) завершатся, этот останется.
console-password-current-field = Нынешний пароль
console-password-new-field = Новый пароль
console-password-new-confirm-field = Новый пароль ещё раз
console-password-change-submit = Сменить пароль
console-password-change-done = Пароль изменён. Другие сеансы этой учётной записи завершены.
console-password-change-back = Вернуться в консоль
console-password-current-wrong = Нынешний пароль не подошёл.
console-audit-action-account-password-change = Пароль сменён его владельцем

# A disabled account's person in the staff group.
staff-account-disabled = Ваша учётная запись в консоли отключена: бот не принимает ваши действия.
