## The anonymous web chat (/chat): what a person reads on the page
web-title = Anonymous chat
web-tagline = The help service of { $org }. No sign-up, no phone number, no Telegram.
web-lang-switch = Русский
web-overdose-button = 🚨 Overdose — what to do right now
web-overdose-hint = We show the verified first steps at once and call a worker.
web-write-label = Write what happened or what you would like to know
web-write-placeholder = Your message…
web-send = Send
web-remember = Remember me on this device (the browser keeps a cookie with the conversation's link)
web-privacy-short =
    We do not keep your IP address, your browser or where you came from. The conversation is encrypted and erased { $days } { $days ->
        [one] day
       *[other] days
    } after the case is closed. "End and erase" deletes everything at once.
web-tor-hint = The chat also works in Tor Browser at the "Safest" security level (no JavaScript).
web-menu-title = Find out yourself
web-menu-hours = 🕑 When workers answer
web-menu-unit = 🚐 Mobile unit: where and when
web-menu-privacy = 🔒 What we keep
web-back-to-chat = ← Back to the chat
web-continue = Continue your conversation
web-forget-device = Forget this device
web-remembered = A conversation is remembered on this device.
web-you-are = You are "Client { $pseudonym }"
web-link-title = This conversation's link
web-link-warning = Whoever has this link can read the conversation and write in it. Keep it somewhere safe to come back, and do not send it to anyone.
web-link-new = The conversation has started. Save the link — without it you cannot come back to the conversation:
web-copy = Copy
web-copied = Copied
web-save-link = 🔗 Save the link to this conversation
web-every = { $seconds ->
        [60] 1 min
       *[other] { $seconds } s
    }
web-options = Options
web-end = End and erase
web-end-title = End the conversation and erase everything?
web-end-explain =
    Deleted at once and for good: every message on this page, our copy of the conversation and the workers' topic. The link will stop working. If you are still waiting for an answer, it will not reach you.
    Only an anonymous record for reports stays (the date and the topic of the case), without a single word.
web-end-confirm = Yes, erase everything
web-end-cancel = No, back to the conversation
web-ended = The conversation is ended and erased. Thank you for writing. If you need help, start a new conversation.
web-new-chat = Start a new conversation
web-gone = There is no such conversation: it was ended and erased, or the link is wrong.
web-remember-on = Remember on this device
web-remember-off = Do not remember on this device
web-waiting = ⏳ New messages are checked every { $seconds ->
        [60] 1 min
       *[other] { $seconds } s
    }.
web-waiting-off = Automatic checking is off.
web-check-now = Check now
web-refresh-every = How often to check
web-refresh-stop = stop
web-new-messages = 💬 New message
web-show-new = Show
web-replying-to = Replying to:
web-me = You
web-bot = { $org }
web-staff = A worker · { $org }
web-edited = edited
web-error-empty = The message is empty: please write something.
web-error-too-long = The message is too long: { $length } characters, the most is { $max }. Split it into parts — your text is kept below.
web-error-slow = Too many messages in a row. Wait { $seconds } s and send again — your text is kept below.
web-error-busy = Too many messages right now. Wait { $seconds } s and send again — your text is kept below.
web-error-expired = This form has expired. Send again — your text is kept below.
web-error-button = This button no longer works.
web-error-failed = That did not work: something broke on our side. Please try again in a minute. If it is urgent, call { $numbers }.
web-privacy =
    <b>What we keep</b>
    • Instead of you, a pseudonym, "Client { $pseudonym }". We neither keep nor log your IP address, your browser or where you came from.
    • The conversation opens only with your secret link. We keep not the link but a fingerprint to recognise it by.
    • The organisation's workers read the conversation, in their closed Telegram group and in the web console. The text is encrypted and erased { $days } { $days ->
        [one] day
       *[other] days
    } after the case is closed. Only an anonymous record stays: the topic, the date and how we helped.
    • "End and erase" deletes everything at once: the conversation's page, our copy and the workers' topic.
    • A cookie is set only if you tick "Remember me on this device".
web-error-large = The request is too large. A message may have up to { $max } characters.
web-challenge-title = A check that you are a person
web-challenge-why = Unusually many new people are writing to us right now, so we ask you to confirm the first message. No outside service is used and nothing about you is kept.
web-challenge-wrong = That answer did not fit — please try again. Your text is kept.
web-pow-working = Your browser is confirming automatically…
web-pow-done = Done — you can send; no need to answer the question.
web-keyboard = Quick replies
web-not-found-title = Page not found
web-file-not-shown = 📎 The worker sent a file ({ $kind }), but the web chat can't show files. Ask them to write it as text.
web-kind-photo = photo
web-kind-video = video
web-kind-voice = voice message
web-kind-audio = audio
web-kind-document = document
web-kind-animation = animation
web-kind-sticker = sticker
web-kind-video_note = video message
web-kind-location = location
web-kind-venue = place
web-kind-article = article
web-kind-contact = contact
web-kind-text = text
web-kind-other = file
