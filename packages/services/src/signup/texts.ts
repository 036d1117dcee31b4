import type { Language } from '../keywords/normalise.ts';

/** The text messages of web signup, in each language. */
export const SIGNUP_TEXTS = {
  code: {
    es: (code: string, service: string) =>
      `${code} es tu código para darte de alta en ${service}. Caduca en 10 minutos. Si no lo has pedido, ignora este mensaje.`,
    ca: (code: string, service: string) =>
      `${code} és el teu codi per a donar-te d'alta a ${service}. Caduca en 10 minuts. Si no l'has demanat, ignora aquest missatge.`,
    en: (code: string, service: string) =>
      `${code} is your code to subscribe to ${service}. It expires in 10 minutes. If you did not ask for it, ignore this message.`,
  },
} as const satisfies Record<string, Record<Language, (...args: never[]) => string>>;
