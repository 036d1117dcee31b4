import {
  setConversation,
  setConversationInput,
  setEmergencyOverride,
  setEmergencyOverrideInput,
  setWebSignup,
  setWebSignupInput,
} from '@pregon/services';
import { defineCommand, type ParsedArgs } from '../command.ts';
import { flagsError } from '../flag-validation.ts';
import { usageError } from '../usage-error.ts';

const agencyAndService = [
  {
    name: 'agency',
    type: 'string',
    value: 'slug',
    required: true,
    field: 'agencySlug',
    description: 'the agency',
  },
  {
    name: 'service',
    type: 'string',
    value: 'slug',
    required: true,
    field: 'serviceSlug',
    description: 'its service',
  },
] as const;

export const serviceWebSignup = defineCommand({
  words: ['service', 'web-signup'],
  summary: 'Open (or close) a service to self-signup on the agency page /signup/<agency>',
  details:
    'Citizens give their phone, get a 6-digit code by SMS and type it in; the subscription records a web consent. Codes expire in 10 minutes; 3 an hour per phone, 10 per address.',
  flags: [
    ...agencyAndService,
    { name: 'on', type: 'boolean', description: 'open it' },
    { name: 'off', type: 'boolean', description: 'close it' },
  ],
  examples: ['pnpm pregon service web-signup --agency ajuntament-alzira --service alertas --on'],
  input(args) {
    const on = args.boolean('on');
    if (on === args.boolean('off')) throw usageError('give exactly one of --on and --off', args.command);
    const raw = { agencySlug: args.required('agency'), serviceSlug: args.required('service'), enabled: on };
    const parsed = setWebSignupInput.safeParse(raw);
    if (!parsed.success) throw flagsError(parsed.error, args.flags, args.command);
    return parsed.data;
  },
  async run({ ctx }, input) {
    const set = await setWebSignup({ ctx, input, actor: { kind: 'cli' } });
    return {
      json: { webSignup: set },
      text: set.webSignup
        ? `${set.agency}/${set.service} takes signups at ${set.page}.`
        : `${set.agency}/${set.service} no longer takes signups on the web.`,
    };
  },
});

/** --answer confirm:es="Cita confirmada" (repeatable): intent, language and the text. */
function answers(args: ParsedArgs): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const raw of args.strings('answer')) {
    const m = /^([a-z]+):([a-z]{2})=(.*)$/s.exec(raw);
    if (!m?.[1] || !m[2] || m[3] === undefined)
      throw usageError(
        `--answer: "${raw}" must be intent:lang=TEXT (e.g. confirm:es="Cita confirmada")`,
        args.command,
      );
    out[m[1]] = { ...(out[m[1]] ?? {}), [m[2]]: m[3] };
  }
  return out;
}

export const serviceConversation = defineCommand({
  words: ['service', 'conversation'],
  summary: 'Set how replies to a service’s messages are handled: the window and automatic answers',
  details:
    'Replies (SI, NO, CONFIRMAR, CANCELAR, JUSTIFICAR ..., or any text) to the service’s last message within the window go to the agency as message.reply. Intents: confirm, decline, cancel, justify, text. Replaces the previous settings; with no --answer, replies are not answered.',
  flags: [
    ...agencyAndService,
    {
      name: 'window-hours',
      type: 'string',
      value: 'n',
      description: 'how long a message can be answered (default 72)',
    },
    {
      name: 'answer',
      type: 'string',
      value: 'intent:lang=TEXT',
      repeatable: true,
      field: 'answers',
      description: 'the automatic answer (repeat per intent and language)',
    },
  ],
  examples: [
    'pnpm pregon service conversation --agency salut-valencia --service citas --window-hours 48 --answer confirm:es="Cita confirmada." --answer confirm:ca="Cita confirmada." --answer cancel:es="Cita anulada."',
  ],
  input(args) {
    const hours = args.string('window-hours');
    const raw = {
      agencySlug: args.required('agency'),
      serviceSlug: args.required('service'),
      ...(hours === undefined ? {} : { windowHours: Number(hours) }),
      answers: answers(args),
    };
    const parsed = setConversationInput.safeParse(raw);
    if (!parsed.success) throw flagsError(parsed.error, args.flags, args.command);
    return parsed.data;
  },
  async run({ ctx }, input) {
    const set = await setConversation({ ctx, input, actor: { kind: 'cli' } });
    const list = Object.entries(set.answers ?? {}).flatMap(([intent, texts]) =>
      Object.keys(texts ?? {}).map((lang) => `${intent}:${lang}`),
    );
    return {
      json: { conversation: set },
      text: `${set.agency}/${set.service}: replies within ${set.windowHours} h go to the agency; ${list.length === 0 ? 'no automatic answers' : `answers ${list.join(', ')}`}.`,
    };
  },
});

export const serviceEmergencyOverride = defineCommand({
  words: ['service', 'emergency-override'],
  summary: "Let a city-alerts service's emergency alerts reach opted-out numbers, where the law requires it",
  details:
    'Platform operators only. Turning it on needs the legal basis, which goes to the audit log with every change; each message sent to an opted-out number this way records optOutOverridden in its history. Other lanes and other service types are never affected.',
  flags: [
    ...agencyAndService,
    { name: 'on', type: 'boolean', description: 'allow it' },
    { name: 'off', type: 'boolean', description: 'stop it' },
    { name: 'basis', type: 'string', value: 'text', field: 'basis', description: 'the law that requires it' },
  ],
  examples: [
    'pnpm pregon service emergency-override --agency ajuntament-alzira --service alertas --on --basis "Ley 17/2015 de Protección Civil, art. 7"',
  ],
  input(args) {
    const on = args.boolean('on');
    if (on === args.boolean('off')) throw usageError('give exactly one of --on and --off', args.command);
    const basis = args.string('basis');
    const raw = {
      agencySlug: args.required('agency'),
      serviceSlug: args.required('service'),
      enabled: on,
      ...(basis === undefined ? {} : { basis }),
    };
    const parsed = setEmergencyOverrideInput.safeParse(raw);
    if (!parsed.success) throw flagsError(parsed.error, args.flags, args.command);
    return parsed.data;
  },
  async run({ ctx }, input) {
    const set = await setEmergencyOverride({ ctx, input, actor: { kind: 'cli' } });
    return {
      json: { emergencyOverride: set },
      text: set.enabled
        ? `${set.agency}/${set.service}: emergency alerts now reach opted-out numbers (basis: ${set.basis}).`
        : `${set.agency}/${set.service}: emergency alerts respect the opt-out ledger again.`,
    };
  },
});
