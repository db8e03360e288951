## Client menu and self-service
client-start =
    Hello! This is the anonymous help service of { $org }. To us you are "Client { $pseudonym }": we do not see or keep your name, username or phone number.
    We keep the conversation encrypted and erase it { $days } { $days ->
        [one] day
       *[other] days
    } after your request is closed.
    Choose a topic or just write your question; a worker will answer.
client-menu-prompt = Choose a topic or write your question.
menu-overdose = 🚨 Overdose
menu-wounds = Wounds and veins
menu-hiv = HIV / hepatitis / tests
menu-unit = Where is the mobile unit
menu-detox = Detox
menu-person = Talk to a person
menu-privacy = Privacy
menu-back = ← Menu
client-person = Write your question here: a worker will read it and answer in this chat. { $when }
client-privacy =
    <b>What we keep</b>
    • Instead of your account, a pseudonym: "Client { $pseudonym }". Your Telegram id is kept only encrypted, so that we can answer; your name, username and phone number are not kept at all.
    • Workers see your messages as messages from the bot and do not see your account; you do not see theirs. The organisation's staff see the conversation in their closed Telegram group and in the web console; each time someone opens it in the console is recorded.
    • The conversation is encrypted and erased { $days } { $days ->
        [one] day
       *[other] days
    } after your request is closed: our copy, and the copy in the staff group (its topic is deleted). Only an anonymous record stays: what it was about, when, and how we helped, without a word of what was written.

    <b>Forget me</b>
    /forget erases everything about you at once: your messages, your pseudonym's link to your account, comments and reminders; your open request is closed and its copy in the staff group is deleted. If you write again, you will be a new client with a new pseudonym.

    <b>What Telegram keeps</b>
    Telegram keeps its own copy of this chat on its servers and on your device until you delete it there. A bot can delete messages in this chat only for 48 hours after they were sent: /forget deletes the recent ones; older ones you can delete yourself (hold a message → Delete, or clear the whole chat). Copies someone made themselves (a screenshot, a forward) nobody can delete.
client-language-prompt = Выберите язык / Choose your language
client-language-set = Language: English.
client-voice-hint = Your voice message has been passed to a worker. We answer text messages faster, so if you can, please write.
client-article-offer = A worker has your message already. While you wait, this may help:
client-article-missing = This material is not available right now. Write your question and a worker will answer.
client-after-hours = We are closed right now. { $when } Your message is already with the workers. If it is urgent, here is what you can do right now:
client-slow-down = You are sending many messages in a row. We will get all of them but pass them on a little slower. Please wait a moment.
client-closed =
    Your request is closed. Thank you for writing.
    { $contact }
client-feedback-ask = Did we help you? Your answer is anonymous.
feedback-up = 👍 Yes
feedback-down = 👎 No
client-feedback-thanks = Thank you! If you like, reply to this message with a comment; it is anonymous too.
client-feedback-comment-thanks = Thank you, your comment is saved.

## Overdose flow
od-fallback = 🚨 Call { $numbers } right now. Do not leave the person alone. The workers have been alerted.
od-opioids = Opioids
od-stimulants = Stimulants (mephedrone, salts)
od-sedatives = Alcohol, sleeping pills, pregabalin
od-mix = A mix
od-unknown = Don't know
od-breathing-yes = Breathing
od-breathing-no = Not breathing
od-arrived-yes = Help has arrived
od-arrived-no = Not yet
od-law = What the law says about calling an ambulance
od-doctor = Contact the doctor
od-arrived-thanks = Good, help is there. Tell the paramedics what was taken and how many doses of naloxone were given. We are here: write in this chat.

## Staff side of client-bot events
staff-after-hours = 🌙 This message arrived outside working hours. The client got an automatic reply saying when a worker will answer.
staff-feedback = Client feedback on case #{ $case }: { $rating }
staff-feedback-comment = Client comment on case #{ $case }: { $comment }
staff-kb-sent = 📄 Sent to the client: "{ $title }".
staff-kb-none = Nothing found for "{ $query }". Verified materials: { $titles }
staff-kb-usage = Write what to look for: /kb abscess
staff-queue-empty = The queue is empty: every case has an answer.
staff-queue =
    Cases waiting for an answer ({ $count }), oldest after-hours ones first:
    { $lines }
staff-queue-line = #{ $case } · Client { $pseudonym } · waiting since { $since }{ $marks }
menu-share-location = 📍 Send my location
client-unit-location-hint = Send your location with the button below and we will show the nearest stop today.
command-start = Menu and start
command-overdose = 🚨 Overdose: what to do now
command-schedule = The mobile unit's schedule for the week
command-language = Язык / Language
command-privacy = What we keep
command-forget = Erase everything about me
client-forget-ask =
    Erase everything about you? Your messages, your pseudonym and its link to your account, comments and reminders will be deleted for good; your open request will be closed and the workers will no longer see the conversation. Messages of the last 48 hours will also disappear from this chat.
    This cannot be undone. If you write again, you will be a new client.
client-forget-yes = Yes, erase everything
client-forget-no = No, keep it
client-forget-done = Done: everything about you is erased. If you need help, just write: you will be a new client for us.
client-forget-kept = Nothing was erased.
staff-client-forgotten = A client asked to be forgotten: { $count } { $count ->
        [one] case was
       *[other] cases were
    } erased, { $count ->
        [one] its topic is
       *[other] their topics are
    } being deleted. The anonymous records stay in the reports.
command-note = A note on the case (the client does not see it)
command-kb = Send the client a verified article
command-close = Close the case
command-queue = Cases waiting for an answer
command-refer = Refer to a specialist (reason after the command)
command-assign = Hand over to a colleague (as a reply to their message)
command-drop = Close without a record (with a reason)
command-role = My roles: doctor, lawyer…
od-possible = If someone is unwell right now after using, call { $numbers } and don't leave them alone. Do you need step-by-step instructions?
od-possible-yes = 🚨 Yes, someone is in danger now
od-possible-no = No, all is OK
od-fine = Good. A worker has your message already and will answer here.
staff-possible-emergency = ⚠️ Possibly an emergency: the client was asked whether they need help right now (a "yes" opens the instructions and the alert).

## Overdose flow: the questions, the plain fallback
od-question-substance = What was taken?
od-question-breathing = Is the person breathing?
od-plain-fallback = 🚨 Call { $numbers } right now. Stay with the person; do not leave them alone.
# The doctor step when the verified one is missing; $contact is the settings' "how to reach the doctor" (the organisation's name stays in the nominative, in quotes).
od-doctor-contact = { $org }'s doctor is available: { $contact }

## The pinned emergency alert in the case topic (edited as the emergency goes on)
staff-od-alert-head = 🚨 POSSIBLE OVERDOSE — case #{ $case }. The client already has the emergency instructions.
staff-od-signal = Signal: { $trigger } · { $time }
staff-od-signal-again = An emergency again (number { $count }): { $trigger } · { $time }
staff-od-trigger-text = the client's message
staff-od-trigger-command = the /overdose command
staff-od-trigger-menu = the Overdose button
staff-od-trigger-button = a button of the overdose flow
staff-od-trigger-confirmed = "yes, someone is in danger" to the bot's question
staff-od-trigger-answer = the client's answer in the flow
staff-od-substance = Taken: { $substance } · { $time }
staff-od-substance-none = Taken: no answer
staff-od-breathing-yes = Breathing: yes · { $time }
staff-od-breathing-no = Breathing: NO · { $time }
staff-od-breathing-none = Breathing: no answer
staff-od-help-arrived = ✅ Help has arrived · { $time }
staff-od-recovered = ✅ The person came round · { $time }
staff-od-help-none = Help arrived: no answer
staff-od-followups = ⏰ Follow-ups to the client: { $list }
staff-od-followups-stopped = ⏹ Follow-ups stopped: { $who } · { $time } ({ $list })
staff-od-jobs-none = none
staff-od-job-second-dose = second dose
staff-od-job-arrived-check = "has help arrived?"
staff-od-job-pending = { $job } at { $time }
staff-od-job-running = { $job } being sent
staff-od-job-done = { $job } sent at { $time }
staff-od-job-cancelled = { $job } cancelled
staff-od-job-failed = { $job } not delivered
staff-od-stopped-help-arrived = help arrived
staff-od-stopped-recovered = the person came round
staff-od-stopped-case-closed = the case was closed
staff-od-stopped-by-someone = a worker
staff-od-course = Course: { $steps }
staff-od-course-tap = 👆 { $button }
staff-od-course-answer = ✍️ { $answer }
staff-od-course-bot = 🤖 { $step }
staff-od-course-followup = ⏰ { $step }
staff-od-answer-breathing = "breathing"
staff-od-answer-not-breathing = "not breathing"
staff-od-answer-recovered = "came round"
staff-od-answer-help-arrived = "help arrived"
staff-od-step-first-reply = instructions
staff-od-step-question-substance = question "what was taken?"
staff-od-step-question-breathing = question "breathing?"
staff-od-step-substance = step "{ $substance }"
staff-od-step-breathing-yes = step "breathing"
staff-od-step-breathing-no = step "not breathing"
staff-od-step-arrived-thanks = "good, help is there"
staff-od-step-help-arrived-check = "has help arrived?"
staff-od-step-second-dose-reminder = second-dose reminder
staff-od-step-law = the law on calling an ambulance
staff-od-step-doctor-contact = the doctor's contact
staff-od-step-possible = question "is someone in danger now?"
staff-od-step-fine = "fine, a worker has the message"
staff-od-step-plain-fallback = plain fallback (Telegram refused the rich reply)
staff-od-stop-button = ⏹ Stop the follow-ups

## Settings: what the bot would send with a value
console-settings-problem-max-length = at most { $max } characters
console-settings-problem-telegram-too-long = the client's message with this text comes to { $length } characters, and Telegram takes at most { $max }
console-settings-problem-telegram-html = Telegram would refuse the client's message with this text ({ $error })
