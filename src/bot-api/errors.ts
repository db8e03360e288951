import type { ResponseParameters } from 'grammy/types';

/**
 * A Bot API failure. Handlers throw it; the router turns it into Telegram's
 * `{ ok: false, error_code, description, parameters? }` body with the same HTTP status.
 */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
    this.name = 'ApiError';
  }

  toJSON(): { ok: false; error_code: number; description: string; parameters?: ResponseParameters } {
    return this.parameters
      ? { ok: false, error_code: this.code, description: this.description, parameters: this.parameters }
      : { ok: false, error_code: this.code, description: this.description };
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);
export const forbidden = (what: string): ApiError => new ApiError(403, `Forbidden: ${what}`);

/**
 * The catalogue of failures, worded as real Telegram words them (collected from bot
 * libraries' error tables and issue reports), so the product's error handling can match
 * on the same strings it will meet in production.
 */
export const E = {
  unauthorized: () => new ApiError(401, 'Unauthorized'),
  notFound: () => new ApiError(404, 'Not Found'),
  unsupported: (method: string) =>
    badRequest(`method is not supported by the sandbox emulator (${method} is documented, but the emulator does not implement it)`),
  tooManyRequests: (retryAfter: number) =>
    new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter }),
  conflictPolling: () =>
    new ApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'),
  conflictWebhook: () =>
    new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"),

  // parameters
  paramEmpty: (name: string) => badRequest(`${name} is empty`),
  paramInvalid: (name: string, why: string) => badRequest(`invalid parameter ${name}: ${why}`),
  badJson: (why: string) => badRequest(`can't parse request body: ${why}`),
  badObject: (name: string) => badRequest(`can't parse ${name} JSON object`),
  replyMarkupInvalid: () => badRequest("can't parse reply keyboard markup JSON object"),
  buttonDataInvalid: () => badRequest('BUTTON_DATA_INVALID'),
  buttonUrlInvalid: () => badRequest('BUTTON_URL_INVALID'),
  replyMarkupTooLong: () => badRequest('reply markup is too long'),
  notEnoughRightsToSend: () => badRequest('not enough rights to send text messages to the chat'),

  // chats and members
  chatNotFound: () => badRequest('chat not found'),
  userNotFound: () => badRequest('user not found'),
  participantInvalid: () => badRequest('PARTICIPANT_ID_INVALID'),
  blocked: () => forbidden('bot was blocked by the user'),
  cantInitiate: () => forbidden("bot can't initiate conversation with a user"),
  notMember: (kind: 'group' | 'supergroup' | 'channel') => forbidden(`bot is not a member of the ${kind} chat`),
  kicked: (kind: 'group' | 'supergroup' | 'channel') => forbidden(`bot was kicked from the ${kind} chat`),
  needAdminChannel: () => badRequest('need administrator rights in the channel chat'),
  notEnoughRights: (what: string) => badRequest(`not enough rights to ${what}`),
  chatAdminRequired: () => badRequest('CHAT_ADMIN_REQUIRED'),
  cantRemoveOwner: () => badRequest("can't remove chat owner"),
  userIsAdmin: () => badRequest('user is an administrator of the chat'),
  cantRestrictSelf: () => badRequest("can't restrict self"),
  hideRequesterMissing: () => badRequest('HIDE_REQUESTER_MISSING'),
  userAlreadyParticipant: () => badRequest('USER_ALREADY_PARTICIPANT'),
  inviteLinkNotFound: () => badRequest('INVITE_HASH_EXPIRED'),
  inviteRevoked: () => badRequest('INVITE_REVOKED_MISSING'),
  /** TDLib: a channel's direct messages chat where the bot lacks can_manage_direct_messages. */
  notAdministeredDirectMessages: () => badRequest('chat is not an administered channel direct messages chat'),
  /** TDLib (MessageTopic::get_send_message_topic): a send to a direct messages chat names no topic. */
  directMessagesTopicRequired: () => badRequest('channel direct messages topic must be specified'),
  /** TDLib's wording of REPLY_TO_MONOFORUM_PEER_INVALID: no such topic in the direct messages chat. */
  directMessagesTopicInvalid: () => badRequest('wrong direct messages topic identifier specified'),
  methodForPrivateChat: () => badRequest('method is available only for supergroups and channel'),

  // what people do (the emulator's own actions): MTProto's error names, with what happened
  inviteHashInvalid: () => badRequest('INVITE_HASH_INVALID (no chat has this invite link)'),
  inviteHashExpired: (why: string) => badRequest(`INVITE_HASH_EXPIRED (${why})`),
  inviteRequestSent: () => badRequest('INVITE_REQUEST_SENT (a join request of the user is already pending)'),
  userBannedInChannel: (until: number) =>
    badRequest(`USER_BANNED_IN_CHANNEL (the user is banned from the chat ${until ? `until ${new Date(until * 1000).toISOString()}` : 'forever'})`),
  sendForbidden: (code: string, what: string) => badRequest(`${code} (the user is restricted in the chat and may not send ${what})`),
  notParticipant: (userId: number, chatId: number) => badRequest(`USER_NOT_PARTICIPANT (user ${userId} is not a member of chat ${chatId})`),

  // messages
  textEmpty: () => badRequest('message text is empty'),
  textTooLong: () => badRequest('message is too long'),
  captionTooLong: () => badRequest('message caption is too long'),
  noMedia: (kind: string) => badRequest(`there is no ${kind} in the request`),
  wrongFileId: () => badRequest('wrong file identifier/HTTP URL specified'),
  invalidFileId: () => badRequest('invalid file_id'),
  wrongFileType: (actual: string, wanted: string) => badRequest(`wrong file identifier specified: can't use file of type ${actual} as ${wanted}`),
  messageToCopyNotFound: () => badRequest('message to copy not found'),
  messageToForwardNotFound: () => badRequest('message to forward not found'),
  messageCantBeCopied: () => badRequest("message can't be copied"),
  messageToEditNotFound: () => badRequest('message to edit not found'),
  messageCantBeEdited: () => badRequest("message can't be edited"),
  noTextToEdit: () => badRequest('there is no text in the message to edit'),
  noCaptionToEdit: () => badRequest('there is no caption in the message to edit'),
  noLiveLocationToEdit: () => badRequest('there is no live location in the message to edit'),
  liveLocationPeriodInvalid: () => badRequest('wrong live location period specified'),
  liveLocationHeadingInvalid: () => badRequest('wrong live location heading specified'),
  liveLocationRadiusInvalid: () => badRequest('wrong live location proximity alert radius specified'),
  notModified: () =>
    badRequest(
      'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    ),
  replyNotFound: () => badRequest('message to be replied not found'),
  messageToDeleteNotFound: () => badRequest('message to delete not found'),
  messageCantBeDeleted: () => badRequest("message can't be deleted"),
  /** TDLib: a bot's deletion in a private chat is always for everyone, which Telegram allows for 48 hours. */
  messageCantBeDeletedForEveryone: () => badRequest("message can't be deleted for everyone"),
  messageToPinNotFound: () => badRequest('message to pin not found'),
  messageToUnpinNotFound: () => badRequest('message to unpin not found'),
  messageToReactNotFound: () => badRequest('message to react not found'),
  reactionInvalid: () => badRequest('REACTION_INVALID'),
  cantParseEntities: (why: string) => badRequest(`can't parse entities: ${why}`),
  unsupportedParseMode: (mode: string) => badRequest(`unsupported parse_mode "${mode}"`),
  wrongChatAction: () => badRequest('wrong parameter action in request'),
  mediaGroupSize: () => badRequest('wrong number of messages in the media group: must include 2-10 items'),
  mediaGroupMix: () => badRequest("can't use documents or audio files in a media group together with other media types"),
  queryTooOld: () => badRequest('query is too old and response timeout expired or query ID is invalid'),

  // forum topics
  threadNotFound: () => badRequest('message thread not found'),
  notAForum: () => badRequest('the chat is not a forum'),
  topicClosed: () => badRequest('TOPIC_CLOSED'),
  topicNameInvalid: () => badRequest('TOPIC_NAME_INVALID'),
  topicNotModified: () => badRequest('TOPIC_NOT_MODIFIED'),
  topicIdInvalid: () => badRequest('TOPIC_ID_INVALID'),
  iconColorInvalid: () => badRequest('invalid icon_color specified'),
  /**
   * A topic icon outside getForumTopicIconStickers' set: only Premium accounts may use other
   * custom emoji (MTProto channels.createForumTopic: 403 PREMIUM_ACCOUNT_REQUIRED, which the
   * Bot API server passes on as a 400 since it is an upper-case server error).
   */
  premiumAccountRequired: () => badRequest('PREMIUM_ACCOUNT_REQUIRED'),

  // webhook
  badWebhook: (why: string) => badRequest(`bad webhook: ${why}`),
  secretTokenInvalid: () => badRequest('secret token contains unallowed characters'),
  allowedUpdatesInvalid: () => badRequest("can't parse allowed_updates JSON object"),

  // bot settings
  commandsInvalid: (why: string) => badRequest(why),
} as const;
