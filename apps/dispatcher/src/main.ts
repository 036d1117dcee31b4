import { stopOnSignal } from '@pregon/services';
import pino from 'pino';
import { startDispatcher } from './dispatcher.ts';
import { loadEnv } from './env.ts';
import { configFromEnv } from './env-config.ts';

const env = loadEnv();
const logger = pino({ name: 'dispatcher', level: env.LOG_LEVEL });
const dispatcher = await startDispatcher({ ...configFromEnv(env, logger), role: env.PREGON_DISPATCHER_ROLE });

stopOnSignal(() => dispatcher.stop(), logger, 'stopping');
