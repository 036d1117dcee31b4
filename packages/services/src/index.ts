// The dispatcher keeps one per process, so concatenation references rotate per destination.
export { ConcatReferences } from '@pregon/sms';
export { type Agency, createAgency, createAgencyInput } from './agencies/create.ts';
export { type AgencySummary, listAgencies } from './agencies/list.ts';
export { locateAgency } from './agencies/locate.ts';
export { type CreatedApiKey, createApiKey } from './api-keys/create.ts';
export { revokeApiKey } from './api-keys/revoke.ts';
export { ApiKeyCache } from './auth/api-key-cache.ts';
export { type ApiKeyPrincipal, authenticateApiKey } from './auth/authenticate-api-key.ts';
export { login, logout, type Membership, resolveSession, type SessionUser } from './auth/login.ts';
export { cancelBroadcast } from './broadcasts/cancel.ts';
export { cancelBroadcastMessages } from './broadcasts/cancel-messages.ts';
export {
  type CreateBroadcastInput,
  type CreatedBroadcast,
  createBroadcast,
  createBroadcastInput,
} from './broadcasts/create.ts';
export { FANOUT_BATCH, type FanOutStep, fanOutBroadcast } from './broadcasts/fanout.ts';
export { type BroadcastProgress, type BroadcastView, getBroadcast } from './broadcasts/get.ts';
export { listBroadcasts, listBroadcastsInput } from './broadcasts/list.ts';
export { locateBroadcast } from './broadcasts/locate.ts';
export { pauseBroadcast } from './broadcasts/pause.ts';
export type { BroadcastPrincipal } from './broadcasts/principal.ts';
export { resumeBroadcast } from './broadcasts/resume.ts';
export type { BroadcastSummary } from './broadcasts/view.ts';
export { addCarrier, addCarrierInput, type CarrierRow, type CarrierSummary } from './carriers/add.ts';
export { addRoute, addRouteInput, type RouteSummary } from './carriers/add-route.ts';
export { claimBindSlots, releaseBindSlots } from './carriers/leases.ts';
export { type LinkStateReport, loadCarriersForBinding, reportLinkStates } from './carriers/link-state.ts';
export { type CarrierView, listCarriers } from './carriers/list.ts';
export { resolveOutbindCarrier } from './carriers/outbind.ts';
export { setCarrierEnabled, updateCarrier, updateCarrierInput } from './carriers/update.ts';
export { PROCESS_NODE_FLAGS } from './config/process-flags.ts';
export { parseEnv, runtimeEnvFields } from './config/runtime-env.ts';
export { type StopLogger, stopOnSignal } from './config/stop-on-signal.ts';
export {
  type Actor,
  type EnqueueOptions,
  type JobQueue,
  noJobQueue,
  type ServiceContext,
} from './context.ts';
export { type ClassifiedReply, CONVERSATION_INTENTS, classifyReply } from './conversations/classify.ts';
export { type ConversationReplyView, listConversationReplies } from './conversations/list.ts';
export { DEFAULT_CONVERSATION_WINDOW_HOURS } from './conversations/route-reply.ts';
export { type DeadLetter, listDeadLetters } from './dead-letters/list.ts';
export { retryDeadLetter } from './dead-letters/retry.ts';
export { pingDatabase } from './health/ping.ts';
export { type InboundView, listInboundMessages } from './inbound/list.ts';
export { processInboundMessages } from './inbound/process.ts';
export { type InboundMessageInput, recordInboundMessages } from './inbound/record.ts';
export { addKeyword, addKeywordInput } from './keywords/add.ts';
export { type KeywordView, listNumbersAndKeywords, type NumberView } from './keywords/list.ts';
export { type MoIntent, matchMo } from './keywords/match.ts';
export { setStopWords, setStopWordsInput } from './keywords/set-stop-words.ts';
export { cancelMessage } from './messages/cancel.ts';
export { getMessage, type MessageView } from './messages/get.ts';
export { listMessages, type MessageListItem } from './messages/list.ts';
export { prepareMessages, preparePayloads } from './messages/prepare.ts';
export {
  type IdempotentResult,
  type SendMessageInput,
  type SendMessageResult,
  type SendOutcome,
  type SendPrincipal,
  type SendRequest,
  type SmppOrigin,
  sendMessage,
  sendMessageInput,
  sendMessages,
} from './messages/send.ts';
export { addInboundNumber, addInboundNumberInput, type InboundNumberView } from './numbers/add.ts';
export { listOptOuts, type OptOutView } from './opt-outs/list.ts';
export { type PgBossJobQueue, pgBossQueue } from './queue.ts';
export { type BossConfig, ensureQueue, registerWorkers, startBoss } from './queue-runtime.ts';
export { type QuotaSetting, setQuotas, setQuotasInput } from './quotas/set.ts';
export { getAgencyQuotaStatus, getQuotaStatus, type QuotaState, type QuotaStatus } from './quotas/status.ts';
export { applyReceipts } from './receipts/apply.ts';
export { purgeExpiredPersonalData, type RetentionRun } from './retention/purge.ts';
export { RETENTION_DAYS, setRetention, setRetentionInput } from './retention/set-retention.ts';
export { createSavedList, createSavedListInput } from './saved-lists/create.ts';
export { deleteSavedList } from './saved-lists/delete.ts';
export { listSavedLists, listSavedListsInput } from './saved-lists/list.ts';
export { previewSavedList } from './saved-lists/preview.ts';
export type { SavedListView } from './saved-lists/view.ts';
export { createSchedule } from './schedules/create.ts';
export { deleteSchedule } from './schedules/delete.ts';
export type { SchedulePrincipal } from './schedules/find.ts';
export { getSchedule, listSchedules } from './schedules/list.ts';
export { runDueSchedules, type ScheduleTick } from './schedules/run-due.ts';
export { setScheduleEnabled } from './schedules/set-enabled.ts';
export {
  type CreateScheduleInput,
  createScheduleInput,
  scheduleBroadcastSpec,
  scheduleMessageSpec,
} from './schedules/spec.ts';
export type { ScheduleView } from './schedules/view.ts';
export { checkCron, checkTimeZone, nextRuns } from './scheduling/cron.ts';
export { inQuietHours, nextWindowOpening } from './scheduling/quiet-hours.ts';
export {
  type QuietHoursSetting,
  quietHoursWindowInput,
  setQuietHours,
  setQuietHoursInput,
} from './scheduling/set-quiet-hours.ts';
export { type CarrierSecrets, createCarrierSecrets, isSealed } from './secrets/carrier-secrets.ts';
export { decodeSecretKey, loadSecretKey } from './secrets/secret-key.ts';
export { type DemoSeed, seedDemo } from './seed/demo.ts';
export { createService, createServiceInput } from './services/create.ts';
export { listServices, type ServiceSummary } from './services/list.ts';
export {
  conversationSettingsInput,
  setConversation,
  setConversationInput,
} from './services/set-conversation.ts';
export { setEmergencyOverride, setEmergencyOverrideInput } from './services/set-emergency-override.ts';
export { setWebSignup, setWebSignupInput } from './services/set-web-signup.ts';
export { loadSignupPage, type SignupPage } from './signup/page.ts';
export {
  requestSignupCode,
  requestSignupCodeInput,
  SIGNUP_LIMITS,
  type SignupCodeSent,
} from './signup/request-code.ts';
export type { SignupAttribute } from './signup/signup-service.ts';
export { verifySignupCode, verifySignupCodeInput } from './signup/verify.ts';
export {
  authenticateSmppClient,
  type SmppAuthFailure,
  type SmppClientPrincipal,
} from './smpp-clients/authenticate.ts';
export { createSmppClient, createSmppClientInput, type SmppClientView } from './smpp-clients/create.ts';
export {
  listOwedSmppReceipts,
  markSmppReceiptsSent,
  type OwedSmppReceipt,
} from './smpp-clients/owed-receipts.ts';
export { type DailyStatsRow, dailyStatsInput, listDailyStats } from './stats/daily.ts';
export { claimForSubmit } from './submit/claim.ts';
export { type RecordedSubmit, recordSubmitResults, type SubmitResult } from './submit/record.ts';
export { exportSubscribers, exportSubscribersInput } from './subscribers/export.ts';
export { type ImportReport, importSubscribers, importSubscribersInput } from './subscribers/import.ts';
export { IMPORT_LIMITS } from './subscribers/import-rows.ts';
export { listSubscribers, listSubscribersInput, type SubscriberView } from './subscribers/list.ts';
export { locateService } from './subscribers/locate-service.ts';
export { pageSubscribers, pageSubscribersInput, type SubscriberPage } from './subscribers/page.ts';
export { type SweepRun, sweepStuckMessages } from './sweeper/sweep.ts';
export { createUser, createUserInput, hashPassword } from './users/create.ts';
export { createWebhook, createWebhookInput } from './webhooks/create.ts';
export { deleteWebhook } from './webhooks/delete.ts';
export { type DeliveryReport, deliverWebhookEvents } from './webhooks/deliver.ts';
export { enqueueStatusWebhooks } from './webhooks/enqueue-status.ts';
export { listWebhooks } from './webhooks/list.ts';
export { listWebhookAttempts, type WebhookAttemptView } from './webhooks/list-attempts.ts';
export { rotateWebhookSecret } from './webhooks/rotate-secret.ts';
export { setWebhookEnabled } from './webhooks/set-enabled.ts';
export { WEBHOOK_DEFAULTS, type WebhookSettings } from './webhooks/settings.ts';
export { signWebhookBody, verifyWebhookSignature } from './webhooks/signature.ts';
export type { WebhookView } from './webhooks/view.ts';
