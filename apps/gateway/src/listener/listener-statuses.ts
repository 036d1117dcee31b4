// SMPP 3.4 §5.1.3 command_status values the listener answers with (beside those @pregon/smpp exports).
export const ESME_RINVMSGLEN = 0x01;
export const ESME_RINVCMDLEN = 0x02;
export const ESME_RALYBND = 0x05;
export const ESME_RSYSERR = 0x08;
export const ESME_RINVSRCADR = 0x0a;
export const ESME_RBINDFAIL = 0x0d;
export const ESME_RSUBMITFAIL = 0x45;
export const ESME_RINVSCHED = 0x61;
export const ESME_RINVEXPIRY = 0x62;
export const ESME_RINVESMCLASS = 0x43;
export const ESME_RINVOPTPARAMVAL = 0xc4;
