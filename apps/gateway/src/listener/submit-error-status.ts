import { AppError } from '@pregon/domain';
import { ESME_RINVDSTADR, ESME_RTHROTTLED } from '@pregon/smpp';
import { ZodError } from 'zod';
import {
  ESME_RINVEXPIRY,
  ESME_RINVMSGLEN,
  ESME_RINVSCHED,
  ESME_RINVSRCADR,
  ESME_RSUBMITFAIL,
  ESME_RSYSERR,
} from './listener-statuses.ts';

// Which submit_sm field a service's validation error is about, by the REST field it named.
const FIELD_STATUS: Readonly<Record<string, number>> = {
  to: ESME_RINVDSTADR,
  from: ESME_RINVSRCADR,
  text: ESME_RINVMSGLEN,
  sendAt: ESME_RINVSCHED,
  validUntil: ESME_RINVEXPIRY,
};

/** The submit_sm_resp command_status for an error from sendMessage (the SMPP edge's one translation). */
export function submitErrorStatus(error: unknown): number {
  if (error instanceof ZodError) {
    const field = String(error.issues[0]?.path[0] ?? '');
    return FIELD_STATUS[field] ?? ESME_RSUBMITFAIL;
  }
  if (!(error instanceof AppError)) return ESME_RSYSERR;
  switch (error.code) {
    case 'BAD_REQUEST': {
      const field = error.details?.field;
      return (typeof field === 'string' ? FIELD_STATUS[field] : undefined) ?? ESME_RSUBMITFAIL;
    }
    case 'RATE_LIMITED':
      return ESME_RTHROTTLED;
    case 'UNAVAILABLE':
    case 'INTERNAL':
      return ESME_RSYSERR;
    default:
      return ESME_RSUBMITFAIL;
  }
}
