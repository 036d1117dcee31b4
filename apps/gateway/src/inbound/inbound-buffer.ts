import { type InboundMessageInput, recordInboundMessages, type ServiceContext } from '@pregon/services';
import { CommitBatcher } from '../batching/commit-batcher.ts';

/** Whole MO from every carrier, stored in batches; each MO's promise settles when its row is committed. */
export class InboundBuffer extends CommitBatcher<InboundMessageInput> {
  constructor(ctx: ServiceContext, options: { maxBatch?: number } = {}) {
    super(
      async (rows) => {
        await recordInboundMessages({ ctx, input: rows });
      },
      // One write at a time: MO from one phone are stored in the order they came.
      { ...options, concurrency: 1 },
    );
  }
}
