// @pregon/sms: GSM 03.38 and national shift tables, UCS-2, Latin-1, segmentation and UDH. Pure, no I/O.

export { analyzeMessage, type SegmentInfo } from './analyze-message.ts';
export { ConcatReferences, type ConcatReferencesOptions } from './concat-references.ts';
export { type ReceivedAlphabet, receivedAlphabet } from './data-coding.ts';
export { type DecodedShortMessage, type DecodeOptions, decodeShortMessage } from './decode-short-message.ts';
export {
  type EncodedMessage,
  type EncodedSegment,
  type EncodeErrorCode,
  type EncodeOptions,
  type EncodeResult,
  encodeMessage,
} from './encode-message.ts';
export { DATA_CODING, type Encoding, type EncodingPolicy } from './encoding.ts';
export {
  decodeGsm7,
  encodeGsm7,
  type Gsm7EncodeResult,
  type Gsm7Shifts,
  gsm7SeptetsOf,
} from './gsm7-codec.ts';
export { DEFAULT_ALPHABET, DEFAULT_EXTENSION, ESC } from './gsm7-tables.ts';
export { decodeLatin1, encodeLatin1, type Latin1EncodeResult } from './latin1.ts';
export { NATIONAL_LANGUAGE_ID, type ShiftTable, shiftTableById } from './national-shift-tables.ts';
export { MAX_PARTS, MAX_USER_DATA_OCTETS, unitsPerPart } from './segmentation.ts';
export { fillBitsAfterUdh, packSeptets, unpackSeptets } from './septet-packing.ts';
export { type Transliteration, transliterate } from './transliteration.ts';
export { decodeUcs2, encodeUcs2 } from './ucs2.ts';
export { buildUdh, parseUdh, type Udh, type UdhConcat, type UdhFields, udhLength } from './udh.ts';
