## The community chat: join requests, moderation, questions. Texts for members (in their language) and for staff.

community-staff-topic = 💬 Questions from the chat
community-rules-default =
    Chat rules:
    1. Respect each other: no insults, threats or harassment.
    2. Don't post other people's phone numbers, addresses or photos without consent.
    3. No advertising, selling or spam.
    4. Talking about use, doses and risks is fine: this is a harm-reduction space.
    5. In an overdose, call an ambulance at once and write to the bot.
community-join-rules-intro = Hello! This is the { $org } bot. You asked to join the community chat. Read the rules and press "I accept the rules" and we will let you in. Without an answer, the request is declined after { $hours } { $hours ->
    [one] hour
   *[other] hours
  }.
community-join-accept = ✅ I accept the rules
community-accept-approved = Welcome to the chat!
community-accept-gone = This request is no longer open. Ask for a new link.
community-accept-not_yours = This button is not for you.
community-join-timed-out = Your request to join the chat was declined: the rules were not accepted in time. You can follow the invite link again and ask once more.
community-join-invite-used = { $reason ->
    [expired] The invite link has expired. Ask staff or a chat member for a new one.
    [peer_month] This personal link has let in as many people as it may this month. Ask the mobile unit's staff for a link.
   *[other] This link can no longer be used to join. Ask staff for a new one.
  }
community-welcome = 👋 New members, welcome to the { $org } chat! A reminder: respect each other, no one else's personal data, no advertising or selling. In an overdose, call { $numbers } and write to the bot.
community-minutes = { $n } { $n ->
    [one] minute
   *[other] minutes
  }
community-hours = { $n } { $n ->
    [one] hour
   *[other] hours
  }
community-days = { $n } { $n ->
    [one] day
   *[other] days
  }
community-forever = with no end date
community-rule-insult = insults and harassment
community-rule-personal_data = someone's personal data (phone, address, photo)
community-rule-advertising = advertising
community-rule-selling = selling
community-rule-spam = spam
community-rule-other = breaking the chat's rules
community-action-delete = message removed
community-action-warn = warning
community-action-mute = muted
community-action-ban = removed from the chat
community-action-unban = restrictions lifted
community-removed-warned = Your message in the chat was removed: { $rule }. This is a warning; if it happens again you won't be able to write for a while. If you disagree, send /appeal followed by why.
community-removed-muted = Your message in the chat was removed: { $rule }. It is not the first time, so you can't write in the chat for { $duration }. You can still read it. If you disagree, send /appeal followed by why.
community-staff-warn = The chat's staff gave you a warning. Reason: { $reason }. If you disagree, send /appeal followed by why.
community-staff-mute = The chat's staff muted you: { $duration }. Reason: { $reason }. You can still read the chat. If you disagree, send /appeal followed by why.
community-staff-ban = The staff removed you from the chat. Reason: { $reason }. If you disagree, send /appeal followed by why. The bot still answers you here, in private.
community-staff-unban = Your restrictions in the chat are lifted. You can write again (or, if you were removed, join through an invite link).
community-appeal-how = Send /appeal followed by why you disagree. For example: /appeal I wasn't selling, it was a joke.
community-appeal-sent = Thank you, your appeal has gone to the staff. They will answer here.
community-appeal-nothing = You have no restrictions to appeal.
community-staff-appeal = 📨 Appeal from { $pseudonym } ({ $action }, { $rule }):
    { $text }
community-peer-link = Your personal link for people you know: { $link }
    { $left } more can join through it this month. Newcomers see the rules and must accept them.
community-peer-not_member = Personal links are for members of the community chat.
community-peer-month_used = No one else can join through your link this month: the limit is { $n } a month. You can invite again next month.
community-peer-off = Personal invitations are off at the moment. Staff can give you a link.
community-staff-question = ❓ A question in the chat unanswered for { $minutes } min, from { $pseudonym }:
    { $text }
    { $link }
    Reply to this message and the bot posts your answer in the chat as the organisation. Or take it private with the button.
community-staff-question-private = 🔒 Continue privately
community-staff-private-offered = The chat was offered to continue privately.
community-staff-private-unknown = Question not found.
community-staff-private-already = Already offered to continue privately.
community-continue-privately = We'll answer this one privately: press the button to continue with a worker in private messages.
community-continue-privately-button = 💬 Continue privately
community-private-opened = Your question from the chat has gone to a worker. The answer comes here, and only you see it.
community-private-unknown = This link no longer works. Write your question here and a worker will answer.
community-private-not_yours = This link is for the person who asked. Write your own question here and a worker will answer.
community-case-from-question = ❓ A question from the community chat (the client continued privately):
    { $text }
community-staff-overdose = 🚨 A possible overdose was described in the community chat ({ $pseudonym }). The bot answered there with the steps. { $link }
community-cmd-reply-needed = Send /{ $command } as a reply to a member's message, or with their pseudonym: /{ $command } ABCD reason.
community-cmd-mute-usage = Reply to a message with: /mute 30m (or 2h, 3d) and a reason.
community-cmd-done-warn = Warning for { $pseudonym } recorded.
community-cmd-done-mute = { $pseudonym } is muted: { $duration }.
community-cmd-done-ban = { $pseudonym } was removed from the chat.
community-cmd-done-unban = Restrictions on { $pseudonym } lifted.
community-article-offer = 📄 This verified article may help: "{ $title }". If not, someone will answer here.
community-article-open = Read it in the bot's chat
staff-dm-overdose = 🚨 The client wrote to the channel about a possible overdose. The bot answered at once with the steps; answer in this topic.
community-removed-public = 🧹 A message was removed: { $rule }. The bot has the chat's rules.
