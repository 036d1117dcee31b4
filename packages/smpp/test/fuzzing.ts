// Fuzzing tools shared with infra/fuzz (subpath @pregon/smpp/fuzzing); not part of the runtime API.
export { type DecoderFuzzReport, fuzzDecoder } from './decoder-fuzz.ts';
export { fixturesDir, frameOf, type GoldenPdu, loadGoldenPdus } from './golden.ts';
export { type MutationKind, PduMutator, seededRandom, splitRandomly } from './pdu-mutator.ts';
