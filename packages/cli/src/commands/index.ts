import type { Command } from '../command.ts';
import { agencyCreate } from './agency-create.ts';
import { agencyList } from './agency-list.ts';
import { agencyQuietHours } from './agency-quiet-hours.ts';
import { agencyQuota } from './agency-quota.ts';
import { agencyRetention } from './agency-retention.ts';
import { agencyStopWords } from './agency-stop-words.ts';
import { apikeyCreate } from './apikey-create.ts';
import { apikeyRevoke } from './apikey-revoke.ts';
import { broadcastCancel, broadcastPause, broadcastResume, broadcastStatus } from './broadcast-control.ts';
import { broadcastSend } from './broadcast-send.ts';
import { carrierAdd } from './carrier-add.ts';
import { carrierDisable, carrierEnable } from './carrier-enable.ts';
import { carrierList } from './carrier-list.ts';
import { carrierUpdate } from './carrier-update.ts';
import { deadlettersList } from './deadletters-list.ts';
import { deadlettersRetry } from './deadletters-retry.ts';
import { keywordAdd } from './keyword-add.ts';
import { migrate } from './migrate.ts';
import { numberAdd } from './number-add.ts';
import { retentionRun } from './retention-run.ts';
import { routeAdd } from './route-add.ts';
import { scheduleAdd } from './schedule-add.ts';
import { scheduleDelete, scheduleDisable, scheduleEnable, scheduleList } from './schedule-control.ts';
import { seedDemoCommand } from './seed-demo.ts';
import { serviceConversation, serviceEmergencyOverride, serviceWebSignup } from './service-citizens.ts';
import { serviceCreate } from './service-create.ts';
import { smppClientAdd } from './smpp-client-add.ts';
import { subscribersExport } from './subscribers-export.ts';
import { subscribersImport } from './subscribers-import.ts';
import { subscribersList } from './subscribers-list.ts';
import { userCreate } from './user-create.ts';

/** Every `pregon` command, in the order `--help` lists them. */
export const commands: readonly Command[] = [
  migrate,
  seedDemoCommand,
  agencyCreate,
  agencyList,
  agencyQuietHours,
  agencyQuota,
  agencyRetention,
  agencyStopWords,
  userCreate,
  carrierAdd,
  carrierList,
  carrierUpdate,
  carrierEnable,
  carrierDisable,
  routeAdd,
  numberAdd,
  serviceCreate,
  serviceWebSignup,
  serviceConversation,
  serviceEmergencyOverride,
  keywordAdd,
  subscribersList,
  subscribersImport,
  subscribersExport,
  broadcastSend,
  broadcastStatus,
  broadcastPause,
  broadcastResume,
  broadcastCancel,
  scheduleAdd,
  scheduleList,
  scheduleDisable,
  scheduleEnable,
  scheduleDelete,
  apikeyCreate,
  apikeyRevoke,
  smppClientAdd,
  retentionRun,
  deadlettersList,
  deadlettersRetry,
];
