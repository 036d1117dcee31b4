import type { Language } from './normalise.ts';

/** Every text the keyword engine sends, in each language (one place to review and translate). */
export const REPLIES = {
  subscribed: {
    es: (service: string, value: string | null) =>
      `Alta confirmada en ${service}${value ? ` (${value})` : ''}. Para darte de baja envía BAJA.`,
    ca: (service: string, value: string | null) =>
      `Alta confirmada a ${service}${value ? ` (${value})` : ''}. Per a donar-te de baixa envia PROU.`,
    en: (service: string, value: string | null) =>
      `You are subscribed to ${service}${value ? ` (${value})` : ''}. To unsubscribe send STOP.`,
  },
  confirmPending: {
    es: (service: string) => `Para confirmar tu alta en ${service} responde SI en 24 horas.`,
    ca: (service: string) => `Per a confirmar l'alta a ${service} respon SÍ en 24 hores.`,
    en: (service: string) => `To confirm your subscription to ${service} reply YES within 24 hours.`,
  },
  stopped: {
    es: (services: string) =>
      `Te has dado de baja de ${services}. No recibirás más mensajes. Para volver envía ALTA.`,
    ca: (services: string) =>
      `T'has donat de baixa de ${services}. No rebràs més missatges. Per a tornar envia ALTA.`,
    en: (services: string) =>
      `You have unsubscribed from ${services}. You will get no more messages. To return send START.`,
  },
  stoppedNothing: {
    es: () => 'No recibirás más mensajes desde este número. Para volver envía ALTA.',
    ca: () => 'No rebràs més missatges des d\u2019aquest número. Per a tornar envia ALTA.',
    en: () => 'You will get no more messages from this number. To return send START.',
  },
  started: {
    es: (services: string) => `Has vuelto a darte de alta en ${services}. Para darte de baja envía BAJA.`,
    ca: (services: string) =>
      `Has tornat a donar-te d'alta a ${services}. Per a donar-te de baixa envia PROU.`,
    en: (services: string) => `You are subscribed again to ${services}. To unsubscribe send STOP.`,
  },
  help: {
    es: (contact: string) => `${contact} Para darte de baja envía BAJA.`,
    ca: (contact: string) => `${contact} Per a donar-te de baixa envia PROU.`,
    en: (contact: string) => `${contact} To unsubscribe send STOP.`,
  },
  defaultContact: {
    es: (agency: string, service: string) => `${service}, servicio de ${agency}.`,
    ca: (agency: string, service: string) => `${service}, servei de ${agency}.`,
    en: (agency: string, service: string) => `${service}, a service of ${agency}.`,
  },
  unknown: {
    es: (keywords: string) =>
      `No hemos entendido tu mensaje. Palabras disponibles: ${keywords}. BAJA para darte de baja, AYUDA para información.`,
    ca: (keywords: string) =>
      `No hem entés el missatge. Paraules disponibles: ${keywords}. PROU per a donar-te de baixa, AJUDA per a informació.`,
    en: (keywords: string) =>
      `We did not understand your message. Keywords: ${keywords}. STOP to unsubscribe, HELP for information.`,
  },
  invalidArgument: {
    es: (keyword: string, values: string) =>
      `Opción no válida. Envía ${keyword} seguido de una de: ${values}.`,
    ca: (keyword: string, values: string) => `Opció no vàlida. Envia ${keyword} seguit d'una de: ${values}.`,
    en: (keyword: string, values: string) => `Invalid option. Send ${keyword} followed by one of: ${values}.`,
  },
  languageChanged: {
    es: () => 'A partir de ahora te escribiremos en castellano.',
    ca: () => 'A partir d\u2019ara t\u2019escriurem en valencià/català.',
    en: () => 'From now on we will write to you in English.',
  },
  languageUsage: {
    es: () => 'Envía IDIOMA ES, IDIOMA CA o IDIOMA EN.',
    ca: () => 'Envia IDIOMA ES, IDIOMA CA o IDIOMA EN.',
    en: () => 'Send IDIOMA ES, IDIOMA CA or IDIOMA EN.',
  },
  slowDown: {
    es: () => 'Has enviado muchos mensajes seguidos. No responderemos durante unos minutos.',
    ca: () => 'Has enviat molts missatges seguits. No respondrem durant uns minuts.',
    en: () => 'You have sent many messages in a row. We will not answer for a few minutes.',
  },
} as const satisfies Record<string, Record<Language, (...args: never[]) => string>>;
