import { z } from 'zod';

/** One field per carrier setting, without defaults: `add` supplies them, `update` changes only what it names. */
export const carrierSettingFields = {
  host: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65535),
  tls: z.boolean(),
  systemId: z.string().min(1).max(15, 'SMPP 3.4 §5.2.1: system_id is at most 15 characters'),
  password: z.string().max(8, 'SMPP 3.4 §5.2.2: password is at most 8 characters'),
  systemType: z.string().max(12, 'SMPP 3.4 §4.1.1: system_type is at most 12 characters'),
  bindMode: z.enum(['trx', 'tx+rx']),
  binds: z.coerce.number().int().min(1).max(64),
  window: z.coerce.number().int().min(1).max(1000),
  tps: z.coerce.number().int().min(0).max(100_000),
  idNotation: z.enum(['hex', 'dec', 'auto']),
  encoding: z.enum(['auto', 'gsm7', 'gsm7+spanish-shift', 'transliterate', 'ucs2']),
  pricePerSegment: z.coerce.number().min(0).max(99_999),
  // SMPP 3.4 §5.2.5 type_of_number (0-6) and §5.2.6 numbering_plan_indicator (0-18).
  destTon: z.coerce.number().int().min(0).max(6),
  destNpi: z.coerce.number().int().min(0).max(18),
};

export const carrierName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'letters, digits, - and _');
