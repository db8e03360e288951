# A sealed text no key held can open (the key was destroyed, or rotated away).
privacy-unreadable = 🔒 text unreadable (the key was destroyed or rotated)

## The audit log's names of the key commands (netreach keys …)
console-audit-action-keys-rotate-start = Key rotation started (sessions ended; invitations, link codes and recovery codes no longer work: each person makes new ones)
console-audit-action-keys-rotate-finish = Key rotation finished: everything re-sealed under the new key, the old key erased
console-audit-action-keys-destroy = Key destroyed: everything sealed before is unreadable; sessions ended, recovery codes must be made again

## The bot, when a client's address was sealed under a destroyed key
staff-client-unreachable = 🔒 Not sent: the encryption key was destroyed, and this client can no longer be reached. If they write again it will be a new case; this one can be closed.
console-reply-unreachable = Not sent: the encryption key was destroyed; this client can no longer be reached. The case can be closed.
community-cmd-unreachable = 🔒 { $pseudonym }: this member was recorded under a destroyed key; the bot cannot name them to Telegram. If needed, do it by hand in the chat's settings.
