## The community chat: join requests, moderation, questions. Texts for members (in their language) and for staff.

community-staff-topic = 💬 Вопросы из чата
community-rules-default =
    Правила чата:
    1. Уважайте друг друга: без оскорблений, угроз и травли.
    2. Не публикуйте чужие телефоны, адреса и фото без согласия.
    3. Без рекламы, продаж и спама.
    4. Говорить об употреблении, дозах и рисках можно — это место для снижения вреда.
    5. При передозировке сразу вызывайте скорую и пишите боту.
community-join-rules-intro = Здравствуйте! Это бот организации «{ $org }». Вы попросили вступить в чат сообщества. Прочитайте правила и нажмите «Принимаю правила» — тогда мы примем заявку. Если не ответить, заявка будет отклонена через { $hours } { $hours ->
    [one] час
    [few] часа
    [many] часов
   *[other] часа
  }.
community-join-accept = ✅ Принимаю правила
community-accept-approved = Добро пожаловать в чат!
community-accept-gone = Заявка уже не действует. Попросите новую ссылку.
community-accept-not_yours = Эта кнопка не для вас.
community-join-timed-out = Заявка в чат отклонена: правила не были приняты вовремя. Вы можете снова перейти по ссылке-приглашению и подать заявку.
community-join-invite-used = { $reason ->
    [expired] Ссылка-приглашение устарела. Попросите новую у сотрудников или участников чата.
    [peer_month] По этой личной ссылке в этом месяце уже вступило максимальное число людей. Попросите ссылку у сотрудников мобильного пункта.
   *[other] По этой ссылке больше нельзя вступить. Попросите новую у сотрудников.
  }
community-welcome = 👋 Новые участники, добро пожаловать в чат организации «{ $org }»! Напоминаем: уважайте друг друга, не публикуйте чужие личные данные, без рекламы и продаж. При передозировке звоните { $numbers } и пишите боту.
community-minutes = { $n } { $n ->
    [one] минуту
    [few] минуты
    [many] минут
   *[other] минуты
  }
community-hours = { $n } { $n ->
    [one] час
    [few] часа
    [many] часов
   *[other] часа
  }
community-days = { $n } { $n ->
    [one] день
    [few] дня
    [many] дней
   *[other] дня
  }
community-forever = бессрочно
community-rule-insult = оскорбления и травля
community-rule-personal_data = чужие личные данные (телефон, адрес, фото)
community-rule-advertising = реклама
community-rule-selling = продажа
community-rule-spam = спам
community-rule-other = нарушение правил чата
community-action-delete = удаление сообщения
community-action-warn = предупреждение
community-action-mute = запрет писать
community-action-ban = исключение из чата
community-action-unban = снятие ограничений
community-removed-warned = Ваше сообщение в чате удалено: { $rule }. Это предупреждение; при повторе писать в чат будет нельзя какое-то время. Не согласны — напишите /appeal и через пробел объясните почему.
community-removed-muted = Ваше сообщение в чате удалено: { $rule }. Это уже не первый раз, поэтому писать в чат нельзя { $duration }. Читать чат можно. Не согласны — напишите /appeal и через пробел объясните почему.
community-staff-warn = Сотрудники чата вынесли вам предупреждение. Причина: { $reason }. Не согласны — напишите /appeal и через пробел объясните почему.
community-staff-mute = Сотрудники чата запретили вам писать в чат: { $duration }. Причина: { $reason }. Читать чат можно. Не согласны — напишите /appeal и через пробел объясните почему.
community-staff-ban = Сотрудники исключили вас из чата. Причина: { $reason }. Не согласны — напишите /appeal и через пробел объясните почему. Бот по-прежнему отвечает здесь, в личных сообщениях.
community-staff-unban = Ограничения в чате сняты. Вы снова можете писать (а если вас исключали — вступить по ссылке-приглашению).
community-appeal-how = Напишите /appeal и через пробел — почему вы не согласны. Например: /appeal я не продавал, это была шутка.
community-appeal-sent = Спасибо, ваше возражение передано сотрудникам. Они ответят здесь.
community-appeal-nothing = У вас нет ограничений, которые можно обжаловать.
community-staff-appeal = 📨 Обжалование от { $pseudonym } ({ $action }, { $rule }):
    { $text }
community-peer-link = Ваша личная ссылка для знакомых: { $link }
    Свободных мест на этот месяц: { $left }. Новичок увидит правила и должен их принять.
community-peer-not_member = Личные ссылки — для участников чата сообщества.
community-peer-month_used = По вашей ссылке в этом месяце больше никто не сможет вступить: предел — { $n } в месяц. В следующем месяце можно снова.
community-peer-off = Личные приглашения сейчас выключены. Ссылку можно получить у сотрудников.
community-staff-question = ❓ Вопрос из чата без ответа { $minutes } мин — { $pseudonym }:
    { $text }
    { $link }
    Ответьте на это сообщение (reply) — бот опубликует ответ в чате от имени организации. Или уведите разговор в личку кнопкой.
community-staff-question-private = 🔒 Продолжить в личке
community-staff-private-offered = В чате предложено продолжить в личке.
community-staff-private-unknown = Вопрос не найден.
community-staff-private-already = Уже предложено продолжить в личке.
community-continue-privately = Ответим на этот вопрос лично — нажмите кнопку, чтобы продолжить разговор с сотрудником в личных сообщениях.
community-continue-privately-button = 💬 Продолжить в личке
community-private-opened = Ваш вопрос из чата передан сотруднику. Ответ придёт сюда — его видите только вы.
community-private-unknown = Эта ссылка уже не действует. Напишите свой вопрос здесь — ответит сотрудник.
community-private-not_yours = Эта ссылка — для того, кто задал вопрос. Напишите свой вопрос здесь — ответит сотрудник.
community-case-from-question = ❓ Вопрос из чата сообщества (клиент перешёл в личку):
    { $text }
community-staff-overdose = 🚨 В чате сообщества описана возможная передозировка ({ $pseudonym }). Бот ответил там инструкцией. { $link }
community-cmd-reply-needed = Команду /{ $command } отправьте ответом (reply) на сообщение участника или с его псевдонимом: /{ $command } ABCD причина.
community-cmd-mute-usage = Ответьте на сообщение: /mute 30m (или 2h, 3d) и причину.
community-cmd-done-warn = Предупреждение для { $pseudonym } записано.
community-cmd-done-mute = { $pseudonym } не может писать: { $duration }.
community-cmd-done-ban = { $pseudonym } исключён(а) из чата.
community-cmd-done-unban = Ограничения для { $pseudonym } сняты.
community-article-offer = 📄 Возможно, поможет проверенный материал: «{ $title }». Если нет — вам ответят здесь.
community-article-open = Читать в личке у бота
staff-dm-overdose = 🚨 Клиент написал в канал о возможной передозировке. Бот сразу ответил ему инструкцией; ответьте в этой теме.
community-removed-public = 🧹 Сообщение удалено: { $rule }. Правила чата можно прочитать у бота.
