export { type Agency, createAgency, createAgencyInput } from './agencies/create.ts';
export { type AgencySummary, listAgencies } from './agencies/list.ts';
export { type CreatedApiKey, createApiKey } from './api-keys/create.ts';
export { revokeApiKey } from './api-keys/revoke.ts';
export { type ApiKeyPrincipal, authenticateApiKey } from './auth/authenticate-api-key.ts';
export { login, logout, type Membership, resolveSession, type SessionUser } from './auth/login.ts';
export { addCarrier, addCarrierInput, addRoute, addRouteInput, type CarrierRow } from './carriers/add.ts';
export { type LinkStateReport, loadCarriersForBinding, reportLinkStates } from './carriers/link-state.ts';
export { type CarrierView, listCarriers } from './carriers/list.ts';
export {
  type Actor,
  type EnqueueOptions,
  type JobQueue,
  noJobQueue,
  type ServiceContext,
} from './context.ts';
export { pingDatabase } from './health/ping.ts';
export { getMessage, type MessageView } from './messages/get.ts';
export { listMessages, type MessageListItem } from './messages/list.ts';
export { prepareMessages } from './messages/prepare.ts';
export {
  type SendMessageInput,
  type SendMessageResult,
  sendMessage,
  sendMessageInput,
} from './messages/send.ts';
export { type PgBossJobQueue, pgBossQueue } from './queue.ts';
export { type BossConfig, ensureQueue, startBoss } from './queue-runtime.ts';
export { applyReceipts } from './receipts/apply.ts';
export { type DemoSeed, seedDemo } from './seed/demo.ts';
export { claimForSubmit, recordSubmitResults, type SubmitResult } from './submit/claim.ts';
export { createUser, createUserInput, hashPassword } from './users/create.ts';
