# A sealed text no key held can open (the key was destroyed, or rotated away).
privacy-unreadable = 🔒 текст не читается (ключ уничтожен или заменён)

## The audit log's names of the key commands (netreach keys …)
console-audit-action-keys-rotate-start = Замена ключа начата (сеансы завершены; приглашения, коды привязки и коды восстановления больше не действуют — каждому нужно создать новые)
console-audit-action-keys-rotate-finish = Замена ключа завершена: всё перешифровано новым ключом, старый ключ стёрт
console-audit-action-keys-destroy = Ключ уничтожен: всё зашифрованное раньше не читается; сеансы завершены, коды восстановления нужно создать заново

## The bot, when a client's address was sealed under a destroyed key
staff-client-unreachable = 🔒 Сообщение не отправлено: ключ шифрования уничтожен, и связаться с этим клиентом больше нельзя. Если клиент напишет снова, это будет новое обращение; это можно закрыть.
console-reply-unreachable = Не отправлено: ключ шифрования уничтожен, связаться с этим клиентом больше нельзя. Обращение можно закрыть.
community-cmd-unreachable = 🔒 { $pseudonym }: участник записан под уничтоженным ключом, бот не может назвать его Telegram. Если нужно — сделайте это вручную в настройках чата.
