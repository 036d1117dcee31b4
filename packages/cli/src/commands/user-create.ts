import { ROLES } from '@pregon/domain';
import { createUser, createUserInput } from '@pregon/services';
import { defineCommand, type FlagSpec } from '../command.ts';
import { validateFlags } from '../flag-validation.ts';

const flags: readonly FlagSpec[] = [
  {
    name: 'agency',
    type: 'string',
    value: 'slug',
    required: true,
    field: 'agencySlug',
    description: 'agency the role is granted in',
  },
  {
    name: 'email',
    type: 'string',
    value: 'email',
    required: true,
    description: 'login; an existing user gets the role added',
  },
  {
    name: 'role',
    type: 'string',
    value: ROLES.join('|'),
    required: true,
    description: 'platform_admin only in the operator agency',
  },
  {
    name: 'password',
    type: 'string',
    value: 'password',
    description: 'at least 10 characters; generated (and printed once) when omitted',
  },
  { name: 'name', type: 'string', value: 'name', description: 'display name' },
];

export const userCreate = defineCommand({
  words: ['user', 'create'],
  summary: 'Create a console user (or reuse one) and grant a role in an agency',
  flags,
  examples: ['pnpm pregon user create --agency valencia --email ana@valencia.es --role agency_admin'],
  input: (args) =>
    validateFlags(
      createUserInput,
      {
        agencySlug: args.required('agency'),
        email: args.required('email'),
        role: args.required('role'),
        password: args.string('password'),
        name: args.string('name'),
      },
      args,
    ),
  async run({ ctx }, input) {
    const created = await createUser({ ctx, input, actor: { kind: 'cli' } });
    const user = { id: created.userId, email: created.email, role: created.role, agency: created.agency };
    const lines = [`User ${user.email} is ${user.role} in ${user.agency} (id ${user.id}).`];
    if (created.password !== undefined) lines.push(`Generated password (shown once): ${created.password}`);
    else if (input.password === undefined) lines.push('Existing user: password unchanged.');
    return {
      json: { user: created.password === undefined ? user : { ...user, password: created.password } },
      text: lines.join('\n'),
    };
  },
});
