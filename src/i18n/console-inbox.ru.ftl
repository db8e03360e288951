console-inbox-views = Какие обращения показать
console-inbox-view-all = Все
console-inbox-view-mine = Мои
console-inbox-view-unassigned = Ничьи
console-inbox-view-emergency = 🚨 Экстренные
console-inbox-view-after = 🌙 Вне часов
console-inbox-filters-more = Ещё фильтры
console-inbox-filters-status = Статус: { $status }
console-inbox-unread = { $n ->
    [one] { $n } новое
    [few] { $n } новых
   *[many] { $n } новых
  }
console-inbox-last-client = Клиент:
console-inbox-last-staff = Мы:
console-inbox-no-messages = Сообщений ещё нет
console-inbox-keys = Клавиши: j и k — вниз и вверх по списку, Enter — открыть.
console-inbox-empty-view = В этом списке нет открытых обращений.
console-menu = Меню
console-case-side = Об обращении
console-case-earlier = Другие обращения этого клиента
console-case-earlier-none = Других обращений нет.
console-case-history = Вся история клиента
console-case-earlier-item = #{ $case } · { $opened } · { $status }
console-msg-more = Показать полностью ({ $n } символов)
console-location = Геопозиция
console-location-map = Открыть на карте
console-location-nearest = До ближайшей остановки сегодня: { $distance } — { $unit }, { $place }, { $from }–{ $to }
console-location-none = Сегодня выездов нет.
console-distance-m = { $m } м
console-distance-km = { $km } км
console-staff-as = { $name } · { $role }
console-staff-member = сотрудник
console-flash-error-here = К форме
console-close-unanswered = Клиенту ещё никто не ответил.
console-close-unanswered-receives = Клиент получит:
console-close-unanswered-confirm = Да, закрыть без ответа
console-close-unanswered-required = Клиенту никто не ответил: подтвердите, что закрываете обращение без ответа.
console-jump-now = К последнему сообщению
console-close-maybe = возможно
console-close-maybe-hint = Отмечено то, в чём подсказки уверены; «возможно» — проверьте по переписке и отметьте сами.
