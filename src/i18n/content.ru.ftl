## Knowledge base: the footer of an article sent by the bot
content-sources = Источники:
content-sources-more = …и ещё { $count }
content-verified = Проверено: { $role } { $name }, { $date }
content-fallback-note = Этой статьи пока нет на русском, вот версия на английском.
content-truncated = …текст сокращён, полная версия — у сотрудника.
content-or = или
