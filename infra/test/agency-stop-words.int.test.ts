import { addKeyword, type ServiceContext, setStopWords } from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAlziraAlerts,
  type Citizen,
  type CitizenStack,
  cli,
  startCitizenStack,
} from './support/citizen.ts';

// Issue #5: STOP words are "configurable per agency". An agency's own word acts as STOP on its numbers,
// over SMPP like any MO, and can never be a keyword there.

let e2e: CitizenStack;
let ctx: ServiceContext;
let phone: Citizen;

beforeAll(async () => {
  e2e = await startCitizenStack('agency_stop_words');
  ({ ctx, phone } = e2e);
  await addAlziraAlerts(ctx, { aliases: [{ word: 'ALERTES', language: 'ca' }] });
}, 90_000);

afterAll(async () => {
  await e2e?.stop();
});

describe("an agency's own STOP words", () => {
  it('refuses a word that is a keyword on its numbers, a reserved word, or two words', async () => {
    const set = (word: string) =>
      setStopWords({
        ctx,
        input: { agencySlug: 'ajuntament-alzira', words: [{ word, language: 'es' }] },
        actor: cli,
      });
    await expect(set('alertes')).rejects.toThrow('ALERTES is a keyword on 21700');
    await expect(set('BAJA')).rejects.toThrow('reserved');
    await expect(set('no mas')).rejects.toThrow('one word');
  });

  it('answers the word like STOP, in its language, and the ledger then blocks the service', async () => {
    await setStopWords({
      ctx,
      input: {
        agencySlug: 'ajuntament-alzira',
        words: [
          { word: 'Desapuntar', language: 'es' },
          { word: 'desapunta', language: 'ca' },
        ],
      },
      actor: cli,
    });
    const p = '34600000901';
    await phone.reply((await phone.mo(p, '21700', 'ALERTAS')).id, '21700');
    expect((await phone.subscriber('alertas', `+${p}`, 'ajuntament-alzira'))?.status).toBe('active');
    const stop = await phone.mo(p, '21700', 'desapunta!');
    // Catalan: the word's language, as PROU would answer.
    expect(await phone.reply(stop.id, '21700')).toMatch(/^T'has donat de baixa de Alertas municipales/);
    expect((await phone.subscriber('alertas', `+${p}`, 'ajuntament-alzira'))?.status).toBe('opted_out');
    const sent = await phone.restSend('ajuntament-alzira', {
      to: `+${p}`,
      text: 'Corte de agua',
      service: 'alertas',
    });
    expect(await phone.finalStatus('ajuntament-alzira', sent)).toMatchObject({
      status: 'rejected',
      reason: 'opted_out',
    });
  });

  it('keeps a new keyword from taking an agency STOP word on the number', async () => {
    await expect(
      addKeyword({
        ctx,
        input: { number: '21700', serviceSlug: 'alertas', keyword: 'DESAPUNTAR' },
        actor: cli,
      }),
    ).rejects.toThrow('DESAPUNTAR is a STOP word of an agency on 21700');
  });
});
