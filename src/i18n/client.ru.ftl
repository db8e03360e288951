## Client menu and self-service
client-start =
    Здравствуйте! Это анонимная служба помощи организации «{ $org }». Для нас вы — «Клиент { $pseudonym }»: имя, ник и номер телефона мы не видим и не храним.
    Мы храним переписку зашифрованной и стираем её через { $days } { $days ->
        [one] день
        [few] дня
        [many] дней
       *[other] дня
    } после закрытия обращения.
    Выберите тему или просто напишите вопрос — ответит сотрудник.
client-menu-prompt = Выберите тему или напишите вопрос.
menu-overdose = 🚨 Передозировка
menu-wounds = Раны и вены
menu-hiv = ВИЧ / гепатит / тесты
menu-unit = Где мобильный пункт
menu-detox = Детокс
menu-person = Поговорить с человеком
menu-privacy = Приватность
menu-back = ← Меню
client-person = Напишите сюда свой вопрос — его прочитает сотрудник и ответит в этом чате. { $when }
client-privacy =
    <b>Что мы храним</b>
    • Вместо вашего аккаунта — псевдоним «Клиент { $pseudonym }». Ваш номер в Telegram (id) хранится только в зашифрованном виде, чтобы мы могли ответить; имя, ник и номер телефона не хранятся вовсе.
    • Сотрудники видят ваши сообщения как сообщения бота и не видят ваш аккаунт; вы не видите их аккаунты. Переписку видят сотрудники организации — в их закрытой группе в Telegram и в веб-консоли; каждый просмотр переписки в консоли записывается.
    • Текст переписки зашифрован и стирается через { $days } { $days ->
        [one] день
        [few] дня
        [many] дней
       *[other] дня
    } после закрытия обращения — и наша копия, и копия в группе сотрудников (её тема удаляется). Остаётся только анонимная запись: какая была тема, когда и чем помогли — без единого слова из переписки.

    <b>Забыть меня</b>
    /forget сразу стирает всё о вас: сообщения, связь псевдонима с вашим аккаунтом, комментарии и напоминания; открытое обращение закрывается, его копия в группе сотрудников удаляется. Если вы напишете снова, вы будете новым клиентом с новым псевдонимом.

    <b>Что хранит Telegram</b>
    Telegram хранит свою копию этого чата на своих серверах и на вашем устройстве, пока вы не удалите её там. Бот может удалять сообщения в этом чате только в течение 48 часов после отправки: /forget удалит недавние, более старые вы можете удалить сами (удерживайте сообщение → Удалить или очистите весь чат). Копии, которые кто-то сохранил сам (снимок экрана, пересылка), удалить не может никто.
client-language-prompt = Выберите язык / Choose your language
client-language-set = Язык: русский.
client-voice-hint = Голосовое сообщение передано сотруднику. На текстовые сообщения мы отвечаем быстрее — если удобно, напишите текстом.
client-article-offer = Ваше сообщение уже у сотрудника. Пока ждёте ответа, возможно, поможет это:
client-article-missing = Этот материал сейчас недоступен. Напишите вопрос — ответит сотрудник.
client-after-hours = Сейчас нерабочее время. { $when } Ваше сообщение уже у сотрудников. Если это срочно — вот что можно сделать прямо сейчас:
client-slow-down = Вы отправляете много сообщений подряд. Мы получим все, но передадим их чуть медленнее — пожалуйста, подождите немного.
client-closed =
    Обращение закрыто. Спасибо, что написали.
    { $contact }
client-feedback-ask = Помогли ли мы вам? Ответ анонимный.
feedback-up = 👍 Да
feedback-down = 👎 Нет
client-feedback-thanks = Спасибо за оценку! Если хотите, ответьте на это сообщение комментарием — он тоже анонимный.
client-feedback-comment-thanks = Спасибо, комментарий сохранён.

## Overdose flow
od-fallback = 🚨 Звоните { $numbers } прямо сейчас. Не оставляйте человека одного. Сотрудники уже получили сигнал.
od-opioids = Опиоиды
od-stimulants = Стимуляторы (мефедрон, соли)
od-sedatives = Алкоголь, снотворные, лирика
od-mix = Смесь
od-unknown = Не знаю
od-breathing-yes = Дышит
od-breathing-no = Не дышит
od-arrived-yes = Помощь приехала
od-arrived-no = Ещё нет
od-law = Что говорит закон о вызове скорой
od-doctor = Связаться с врачом
od-arrived-thanks = Хорошо, что помощь рядом. Расскажите медикам, что было принято и сколько доз налоксона дали. Мы на связи — пишите сюда.

## Staff side of client-bot events
staff-after-hours = 🌙 Сообщение пришло в нерабочее время. Клиенту отправлен автоответ: когда ответит сотрудник.
staff-feedback = Отзыв клиента по обращению #{ $case }: { $rating }
staff-feedback-comment = Комментарий клиента к обращению #{ $case }: { $comment }
staff-kb-sent = 📄 Клиенту отправлен материал: «{ $title }».
staff-kb-none = Ничего не нашлось по запросу «{ $query }». Проверенные материалы: { $titles }
staff-kb-usage = Напишите, что искать: /kb абсцесс
staff-queue-empty = Очередь пуста: все обращения отвечены.
staff-queue =
    Очередь обращений без ответа ({ $count }), сначала самые давние из нерабочего времени:
    { $lines }
staff-queue-line = #{ $case } · Клиент { $pseudonym } · ждёт с { $since }{ $marks }
menu-share-location = 📍 Отправить геопозицию
client-unit-location-hint = Отправьте геопозицию кнопкой ниже — покажем ближайшую остановку сегодня.
command-start = Меню и начало
command-overdose = 🚨 Передозировка: что делать сейчас
command-schedule = Расписание мобильного пункта на неделю
command-language = Язык / Language
command-privacy = Что мы храним
command-forget = Стереть всё обо мне
client-forget-ask =
    Стереть всё о вас? Ваши сообщения, псевдоним и его связь с вашим аккаунтом, комментарии и напоминания будут удалены навсегда; открытое обращение закроется, и сотрудники больше не увидят переписку. Сообщения за последние 48 часов исчезнут и из этого чата.
    Отменить это нельзя. Если вы напишете снова, вы будете новым клиентом.
client-forget-yes = Да, стереть всё
client-forget-no = Нет, оставить
client-forget-done = Готово: всё о вас стёрто. Если нужна помощь — просто напишите, для нас вы будете новым клиентом.
client-forget-kept = Ничего не стёрто.
staff-client-forgotten = Клиент попросил его забыть: стёрто обращений — { $count }, { $count ->
        [one] его тема удаляется
       *[other] их темы удаляются
    }. Анонимные записи остаются в отчётах.
command-note = Заметка в обращении (клиенту не видна)
command-kb = Отправить клиенту проверенный материал
command-close = Закрыть обращение
command-queue = Очередь обращений без ответа
command-refer = Направить к специалисту (причина после команды)
command-assign = Передать коллеге (ответом на его сообщение)
command-drop = Закрыть без записи (с причиной)
command-role = Мои роли: врач, юрист…
od-possible = Если кому-то сейчас плохо после употребления — звоните { $numbers } и не оставляйте человека одного. Нужны пошаговые инструкции?
od-possible-yes = 🚨 Да, человеку плохо сейчас
od-possible-no = Нет, всё в порядке
od-fine = Хорошо. Ваше сообщение уже у сотрудника — ответим здесь.
staff-possible-emergency = ⚠️ Возможно, экстренная ситуация: клиента спросили, нужна ли помощь прямо сейчас (ответ «да» откроет инструкции и тревогу).

## Overdose flow: the questions, the plain fallback
od-question-substance = Что было принято?
od-question-breathing = Человек дышит?
od-plain-fallback = 🚨 Звоните { $numbers } прямо сейчас. Оставайтесь рядом с человеком, не оставляйте его одного.
# The doctor step when the verified one is missing; $contact is the settings' "how to reach the doctor" (the organisation's name stays in the nominative, in quotes).
od-doctor-contact = Врач организации «{ $org }» на связи: { $contact }

## The pinned emergency alert in the case topic (edited as the emergency goes on)
staff-od-alert-head = 🚨 ВОЗМОЖНАЯ ПЕРЕДОЗИРОВКА — обращение #{ $case }. Клиент уже получил инструкции экстренной помощи.
staff-od-signal = Сигнал: { $trigger } · { $time }
staff-od-signal-again = Снова экстренная ситуация ({ $count }-я): { $trigger } · { $time }
staff-od-trigger-text = сообщение клиента
staff-od-trigger-command = команда /overdose
staff-od-trigger-menu = кнопка «Передозировка»
staff-od-trigger-button = кнопка сценария передозировки
staff-od-trigger-confirmed = «да, человеку плохо» в ответ на вопрос бота
staff-od-trigger-answer = ответ клиента в сценарии
staff-od-substance = Что принято: { $substance } · { $time }
staff-od-substance-none = Что принято: нет ответа
staff-od-breathing-yes = Дышит: да · { $time }
staff-od-breathing-no = Дышит: НЕТ · { $time }
staff-od-breathing-none = Дышит: нет ответа
staff-od-help-arrived = ✅ Помощь приехала · { $time }
staff-od-recovered = ✅ Человек пришёл в себя · { $time }
staff-od-help-none = Помощь приехала: нет ответа
staff-od-followups = ⏰ Напоминания клиенту: { $list }
staff-od-followups-stopped = ⏹ Напоминания остановлены: { $who } · { $time } ({ $list })
staff-od-jobs-none = нет
staff-od-job-second-dose = вторая доза
staff-od-job-arrived-check = «помощь приехала?»
staff-od-job-pending = { $job } в { $time }
staff-od-job-running = { $job } отправляется
staff-od-job-done = { $job } отправлено в { $time }
staff-od-job-cancelled = { $job } отменено
staff-od-job-failed = { $job } не доставлено
staff-od-stopped-help-arrived = помощь приехала
staff-od-stopped-recovered = человек пришёл в себя
staff-od-stopped-case-closed = обращение закрыто
staff-od-stopped-by-someone = сотрудник
staff-od-course = Ход: { $steps }
staff-od-course-tap = 👆 { $button }
staff-od-course-answer = ✍️ { $answer }
staff-od-course-bot = 🤖 { $step }
staff-od-course-followup = ⏰ { $step }
staff-od-answer-breathing = «дышит»
staff-od-answer-not-breathing = «не дышит»
staff-od-answer-recovered = «пришёл в себя»
staff-od-answer-help-arrived = «помощь приехала»
staff-od-step-first-reply = инструкции
staff-od-step-question-substance = вопрос «что принято?»
staff-od-step-question-breathing = вопрос «дышит?»
staff-od-step-substance = шаг «{ $substance }»
staff-od-step-breathing-yes = шаг «дышит»
staff-od-step-breathing-no = шаг «не дышит»
staff-od-step-arrived-thanks = «хорошо, что помощь рядом»
staff-od-step-help-arrived-check = «помощь приехала?»
staff-od-step-second-dose-reminder = напоминание о второй дозе
staff-od-step-law = закон о вызове скорой
staff-od-step-doctor-contact = контакт врача
staff-od-step-possible = вопрос «нужна помощь сейчас?»
staff-od-step-fine = «хорошо, сообщение у сотрудника»
staff-od-step-plain-fallback = запасной текст (Telegram отклонил основной)
staff-od-stop-button = ⏹ Остановить напоминания

## Settings: what the bot would send with a value
console-settings-problem-max-length = не длиннее { $max } знаков
console-settings-problem-telegram-too-long = сообщение клиенту с этим текстом выходит длиной { $length } знаков, а Telegram принимает не больше { $max }
console-settings-problem-telegram-html = Telegram не примет сообщение клиенту с этим текстом ({ $error })
