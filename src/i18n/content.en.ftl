## Knowledge base: the footer of an article sent by the bot
content-sources = Sources:
content-sources-more = …and { $count } more
content-verified = Verified by: { $role } { $name }, { $date }
content-fallback-note = This article is not available in English yet; here is the Russian version.
content-truncated = …shortened; ask a worker for the full text.
content-or = or
