import {
  type BroadcastView,
  cancelBroadcast,
  getBroadcast,
  locateBroadcast,
  pauseBroadcast,
  resumeBroadcast,
  type ServiceContext,
} from '@pregon/services';
import { defineCommand, type Session } from '../command.ts';
import { withJobQueue } from '../job-queue.ts';

const actor = { kind: 'cli' } as const;

/** One screen of a broadcast's progress, for people. */
function describe(b: BroadcastView): string {
  const p = b.progress;
  const counts = Object.entries(p.counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
  return [
    `${b.name} (${b.id})`,
    `  status ${b.status}, lane ${b.lane}, service ${b.service}`,
    `  targeted ${p.targeted ?? '-'}, fanned out ${p.fannedOut}, remaining ${p.remaining}`,
    `  ${counts === '' ? 'no messages yet' : counts}`,
    `  ${p.ratePerMinute}/min${p.etaSeconds === null ? '' : `, about ${Math.ceil(p.etaSeconds / 60)} min to go`}`,
  ].join('\n');
}

type Verb = (args: {
  ctx: ServiceContext;
  input: { id: string };
  principal: { tenantId: string; actor: typeof actor };
}) => Promise<BroadcastView>;

/** Runs a broadcast verb under the broadcast's own agency (found by an audited lookup). */
async function onBroadcast(session: Session, id: string, action: string, verb: Verb, queue: boolean) {
  const { tenantId } = await locateBroadcast({ ctx: session.ctx, input: { id }, actor, action });
  const call = (ctx: ServiceContext) => verb({ ctx, input: { id }, principal: { tenantId, actor } });
  const view = queue ? await withJobQueue(session, call) : await call(session.ctx);
  return { json: { broadcast: view }, text: describe(view) };
}

const idPositional = [{ name: 'id', description: 'the broadcast id `broadcast send` printed' }];

export const broadcastStatus = defineCommand({
  words: ['broadcast', 'status'],
  summary: "A broadcast's progress: counts per status, remaining, rate and ETA",
  positionals: idPositional,
  examples: ['pnpm pregon broadcast status 0b6c2a4e-5f7d-4a51-9a8e-3c2d1e0f9a87 --json'],
  input: (args) => ({ id: args.positional(0) }),
  run: (session, input) => onBroadcast(session, input.id, 'broadcast.status', getBroadcast, false),
});

export const broadcastPause = defineCommand({
  words: ['broadcast', 'pause'],
  summary: "Pause a broadcast's fan-out (messages already created keep going)",
  positionals: idPositional,
  input: (args) => ({ id: args.positional(0) }),
  run: (session, input) => onBroadcast(session, input.id, 'broadcast.pause', pauseBroadcast, false),
});

export const broadcastResume = defineCommand({
  words: ['broadcast', 'resume'],
  summary: 'Resume a paused broadcast from where it stopped',
  positionals: idPositional,
  input: (args) => ({ id: args.positional(0) }),
  run: (session, input) => onBroadcast(session, input.id, 'broadcast.resume', resumeBroadcast, true),
});

export const broadcastCancel = defineCommand({
  words: ['broadcast', 'cancel'],
  summary: 'Cancel a broadcast: everything not yet submitted ends cancelled',
  positionals: idPositional,
  input: (args) => ({ id: args.positional(0) }),
  run: (session, input) => onBroadcast(session, input.id, 'broadcast.cancel', cancelBroadcast, true),
});
