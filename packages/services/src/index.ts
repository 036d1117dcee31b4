// The dispatcher keeps one per process, so concatenation references rotate per destination.
export { ConcatReferences } from '@pregon/sms';
export { type Agency, createAgency, createAgencyInput } from './agencies/create.ts';
export { type AgencySummary, listAgencies } from './agencies/list.ts';
export { type CreatedApiKey, createApiKey } from './api-keys/create.ts';
export { revokeApiKey } from './api-keys/revoke.ts';
export { ApiKeyCache } from './auth/api-key-cache.ts';
export { type ApiKeyPrincipal, authenticateApiKey } from './auth/authenticate-api-key.ts';
export { login, logout, type Membership, resolveSession, type SessionUser } from './auth/login.ts';
export { addCarrier, addCarrierInput, type CarrierRow, type CarrierSummary } from './carriers/add.ts';
export { addRoute, addRouteInput, type RouteSummary } from './carriers/add-route.ts';
export { claimBindSlots, releaseBindSlots } from './carriers/leases.ts';
export { type LinkStateReport, loadCarriersForBinding, reportLinkStates } from './carriers/link-state.ts';
export { type CarrierView, listCarriers } from './carriers/list.ts';
export { resolveOutbindCarrier } from './carriers/outbind.ts';
export { setCarrierEnabled, updateCarrier, updateCarrierInput } from './carriers/update.ts';
export { parseEnv, runtimeEnvFields } from './config/runtime-env.ts';
export { type StopLogger, stopOnSignal } from './config/stop-on-signal.ts';
export {
  type Actor,
  type EnqueueOptions,
  type JobQueue,
  noJobQueue,
  type ServiceContext,
} from './context.ts';
export { type DeadLetter, listDeadLetters } from './dead-letters/list.ts';
export { retryDeadLetter } from './dead-letters/retry.ts';
export { pingDatabase } from './health/ping.ts';
export { processInboundMessages } from './inbound/process.ts';
export { type InboundMessageInput, recordInboundMessages } from './inbound/record.ts';
export { addKeyword, addKeywordInput } from './keywords/add.ts';
export { type MoIntent, matchMo } from './keywords/match.ts';
export { cancelMessage } from './messages/cancel.ts';
export { getMessage, type MessageView } from './messages/get.ts';
export { listMessages, type MessageListItem } from './messages/list.ts';
export { prepareMessages } from './messages/prepare.ts';
export {
  type SendMessageInput,
  type SendMessageResult,
  type SmppOrigin,
  sendMessage,
  sendMessageInput,
} from './messages/send.ts';
export { addInboundNumber, addInboundNumberInput, type InboundNumberView } from './numbers/add.ts';
export { listOptOuts, type OptOutView } from './opt-outs/list.ts';
export { type PgBossJobQueue, pgBossQueue } from './queue.ts';
export { type BossConfig, ensureQueue, startBoss } from './queue-runtime.ts';
export { applyReceipts } from './receipts/apply.ts';
export { purgeExpiredPersonalData, type RetentionRun } from './retention/purge.ts';
export { RETENTION_DAYS, setRetention, setRetentionInput } from './retention/set-retention.ts';
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
export { claimForSubmit, recordSubmitResults, type SubmitResult } from './submit/claim.ts';
export { exportSubscribers, exportSubscribersInput } from './subscribers/export.ts';
export { type ImportReport, importSubscribers, importSubscribersInput } from './subscribers/import.ts';
export { IMPORT_LIMITS } from './subscribers/import-rows.ts';
export { listSubscribers, listSubscribersInput, type SubscriberView } from './subscribers/list.ts';
export { locateService } from './subscribers/locate-service.ts';
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
