import { setCarrierEnabled } from '@pregon/services';
import { z } from 'zod';
import { type Command, defineCommand, type FlagSpec } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';

const flags: readonly FlagSpec[] = [
  { name: 'name', type: 'string', value: 'name', required: true, description: 'carrier name' },
];
const nameFlag = z.object({ name: z.string().min(1) });

function toggle(enabled: boolean): Command {
  const word = enabled ? 'enable' : 'disable';
  return defineCommand({
    words: ['carrier', word],
    summary: enabled
      ? 'Put a carrier back into service: routes lead to it again'
      : 'Take a carrier out of service: routes skip it (its settings and routes are kept)',
    flags,
    examples: [`pnpm pregon carrier ${word} --name movistar`],
    input: (args) => validateFlags(nameFlag, { name: args.required('name') }, args),
    async run({ ctx }, { name }) {
      const carrier = await setCarrierEnabled({ ctx, input: { name, enabled }, actor: { kind: 'cli' } });
      return { json: { carrier }, text: `Carrier ${carrier.name} ${enabled ? 'enabled' : 'disabled'}.` };
    },
  });
}

export const carrierEnable = toggle(true);
export const carrierDisable = toggle(false);
