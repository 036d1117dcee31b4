import {
  agencies,
  auditEvents,
  CONVERSATION_INTENTS,
  type ConversationConfig,
  KEYWORD_LANGUAGES,
  type KeywordLanguage,
  services,
  withPlatform,
} from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { DEFAULT_CONVERSATION_WINDOW_HOURS } from '../conversations/route-reply.ts';

const answerText = z.string().trim().min(1).max(640);
const perLanguage = z.object({
  es: answerText.optional(),
  ca: answerText.optional(),
  en: answerText.optional(),
});

export const conversationSettingsInput = z.object({
  serviceSlug: z.string().min(1),
  /** Hours after the service's message during which a reply answers it (1 h to 30 days). */
  windowHours: z.number().int().min(1).max(720).optional(),
  /** Automatic answers per intent and language; an intent left out gets none. */
  answers: z.partialRecord(z.enum(CONVERSATION_INTENTS), perLanguage).optional(),
});
export const setConversationInput = conversationSettingsInput.extend({ agencySlug: z.string().min(1) });

/**
 * Replaces a service's conversation settings: the reply window (default 72 h) and the automatic
 * answer per intent (confirm, decline, cancel, justify, text) and language. Audited.
 */
export async function setConversation({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof setConversationInput>;
  actor: Actor;
}): Promise<{
  agency: string;
  service: string;
  windowHours: number;
  answers: ConversationConfig['answers'];
}> {
  const data = setConversationInput.parse(input);
  const answers: NonNullable<ConversationConfig['answers']> = {};
  for (const intent of CONVERSATION_INTENTS) {
    const texts = data.answers?.[intent];
    const kept: Partial<Record<KeywordLanguage, string>> = {};
    for (const language of KEYWORD_LANGUAGES) {
      const text = texts?.[language];
      if (text !== undefined) kept[language] = text;
    }
    if (Object.keys(kept).length > 0) answers[intent] = kept;
  }
  const config: ConversationConfig = {
    ...(data.windowHours === undefined ? {} : { windowHours: data.windowHours }),
    ...(Object.keys(answers).length === 0 ? {} : { answers }),
  };
  const target = `${data.agencySlug}/${data.serviceSlug}`;
  return withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'service.conversation', target, detail: { ...config } },
    async (tx) => {
      const [agency] = await tx.select().from(agencies).where(eq(agencies.slug, data.agencySlug));
      if (!agency) throw new AppError('NOT_FOUND', `No agency with slug "${data.agencySlug}"`);
      const updated = await tx
        .update(services)
        .set({ conversation: config })
        .where(and(eq(services.tenantId, agency.id), eq(services.slug, data.serviceSlug)))
        .returning({ id: services.id });
      if (updated.length === 0)
        throw new AppError('NOT_FOUND', `Agency "${agency.slug}" has no service "${data.serviceSlug}"`, {
          details: { field: 'serviceSlug' },
        });
      await tx.insert(auditEvents).values({
        tenantId: agency.id,
        ...auditActor(actor),
        action: 'service.conversation',
        target,
        detail: { ...config },
      });
      return {
        agency: agency.slug,
        service: data.serviceSlug,
        windowHours: config.windowHours ?? DEFAULT_CONVERSATION_WINDOW_HOURS,
        answers: config.answers ?? {},
      };
    },
  );
}
