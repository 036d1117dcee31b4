import { analyzeMessage } from '@pregon/sms';

/** What the counter under the text box says, e.g. "1 segment · gsm7 · 156 characters left in this segment". */
export function segmentSummary(text: string): string {
  if (text === '') return 'Empty message';
  // The route may pick a narrower policy; `auto` is what most carriers get and what costs are quoted in.
  const info = analyzeMessage(text, 'auto');
  const parts = `${info.parts} ${info.parts === 1 ? 'segment' : 'segments'}`;
  const encoding =
    info.forcedUcs2.length > 0 ? `${info.encoding} (because of ${info.forcedUcs2.join(' ')})` : info.encoding;
  return `${parts} · ${encoding} · ${info.unitsRemainingInPart} characters left in this segment`;
}
