// SMPP 3.4 §5.1.3 command_status values, with the names carriers print in their logs.
export const ESME_ROK = 0x00;
export const ESME_RINVMSGLEN = 0x01;
export const ESME_RINVCMDLEN = 0x02;
export const ESME_RINVCMDID = 0x03;
export const ESME_RINVBNDSTS = 0x04;
export const ESME_RALYBND = 0x05;
export const ESME_RSYSERR = 0x08;
export const ESME_RINVDSTADR = 0x0b;
export const ESME_RBINDFAIL = 0x0d;
export const ESME_RINVPASWD = 0x0e;
export const ESME_RINVSYSID = 0x0f;
export const ESME_RMSGQFUL = 0x14;
export const ESME_RSUBMITFAIL = 0x45;
export const ESME_RTHROTTLED = 0x58;
export const ESME_RX_T_APPN = 0x64;
export const ESME_RUNKNOWNERR = 0xff;

const NAMES: Readonly<Record<number, string>> = {
  0: 'ESME_ROK',
  1: 'ESME_RINVMSGLEN',
  2: 'ESME_RINVCMDLEN',
  3: 'ESME_RINVCMDID',
  4: 'ESME_RINVBNDSTS',
  5: 'ESME_RALYBND',
  6: 'ESME_RINVPRTFLG',
  7: 'ESME_RINVREGDLVFLG',
  8: 'ESME_RSYSERR',
  10: 'ESME_RINVSRCADR',
  11: 'ESME_RINVDSTADR',
  12: 'ESME_RINVMSGID',
  13: 'ESME_RBINDFAIL',
  14: 'ESME_RINVPASWD',
  15: 'ESME_RINVSYSID',
  17: 'ESME_RCANCELFAIL',
  19: 'ESME_RREPLACEFAIL',
  20: 'ESME_RMSGQFUL',
  21: 'ESME_RINVSERTYP',
  51: 'ESME_RINVNUMDESTS',
  52: 'ESME_RINVDLNAME',
  64: 'ESME_RINVDESTFLAG',
  66: 'ESME_RINVSUBREP',
  67: 'ESME_RINVESMCLASS',
  68: 'ESME_RCNTSUBDL',
  69: 'ESME_RSUBMITFAIL',
  72: 'ESME_RINVSRCTON',
  73: 'ESME_RINVSRCNPI',
  80: 'ESME_RINVDSTTON',
  81: 'ESME_RINVDSTNPI',
  83: 'ESME_RINVSYSTYP',
  84: 'ESME_RINVREPFLAG',
  85: 'ESME_RINVNUMMSGS',
  88: 'ESME_RTHROTTLED',
  97: 'ESME_RINVSCHED',
  98: 'ESME_RINVEXPIRY',
  99: 'ESME_RINVDFTMSGID',
  100: 'ESME_RX_T_APPN',
  101: 'ESME_RX_P_APPN',
  102: 'ESME_RX_R_APPN',
  103: 'ESME_RQUERYFAIL',
  192: 'ESME_RINVOPTPARSTREAM',
  193: 'ESME_ROPTPARNOTALLWD',
  194: 'ESME_RINVPARLEN',
  195: 'ESME_RMISSINGOPTPARAM',
  196: 'ESME_RINVOPTPARAMVAL',
  254: 'ESME_RDELIVERYFAILURE',
  255: 'ESME_RUNKNOWNERR',
};

/** Name of an SMPP command_status, e.g. `statusName(0x58) === 'ESME_RTHROTTLED'`; vendor codes print as hex. */
export function statusName(status: number): string {
  return NAMES[status] ?? `0x${status.toString(16).padStart(8, '0')}`;
}

// Statuses worth retrying later: congestion, SMSC-side trouble, or an unknown vendor code
// (0x400-0x4FF is SMSC-vendor-specific, §5.1.3), where giving up would lose a message we could still send.
const TEMPORARY = new Set<number>([
  ESME_RMSGQFUL,
  ESME_RTHROTTLED,
  ESME_RSYSERR,
  ESME_RX_T_APPN,
  ESME_RSUBMITFAIL,
  0xfe, // ESME_RDELIVERYFAILURE: transient in most SMSCs' documentation
  ESME_RUNKNOWNERR,
]);

/** True when resubmitting the same message can never succeed (bad address, bad length, bad TON...). */
export function isPermanent(status: number): boolean {
  if (status === ESME_ROK) return false;
  if (TEMPORARY.has(status)) return false;
  if (status >= 0x400 && status <= 0x4ff) return false;
  return NAMES[status] !== undefined;
}

/** 0x58 and 0x14 mean "slow down", never "failed" (DESIGN: SMPP facts 2). */
export function isThrottle(status: number): boolean {
  return status === ESME_RTHROTTLED || status === ESME_RMSGQFUL;
}
