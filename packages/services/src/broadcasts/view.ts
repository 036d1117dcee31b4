import type { BroadcastStatus, BroadcastTarget, broadcasts } from '@pregon/db';
import type { Templates } from './template.ts';

/** A broadcast as the API and console show it (without its progress). */
export interface BroadcastSummary {
  id: string;
  service: string;
  name: string;
  reference: string | null;
  status: BroadcastStatus;
  lane: 'emergency' | 'election' | 'transactional' | 'bulk';
  target: BroadcastTarget;
  templates: Templates;
  defaultLanguage: 'es' | 'ca' | 'en';
  from: string;
  sendAt: string | null;
  validUntil: string | null;
  supersedes: string | null;
  targeted: number | null;
  fannedOut: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function broadcastSummary(b: typeof broadcasts.$inferSelect, service: string): BroadcastSummary {
  return {
    id: b.id,
    service,
    name: b.name,
    reference: b.reference,
    status: b.status,
    lane: b.lane,
    target: b.target,
    templates: b.templates,
    defaultLanguage: b.defaultLanguage,
    from: b.fromAddr,
    sendAt: b.sendAt?.toISOString() ?? null,
    validUntil: b.validUntil?.toISOString() ?? null,
    supersedes: b.supersedesId,
    targeted: b.targeted,
    fannedOut: b.fannedOut,
    createdAt: b.createdAt.toISOString(),
    startedAt: b.startedAt?.toISOString() ?? null,
    finishedAt: b.finishedAt?.toISOString() ?? null,
  };
}
