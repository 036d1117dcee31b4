import type { OpenAPIHono } from '@hono/zod-openapi';
import type { GatewayEnvBindings } from '../http/types.ts';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

type Operation = {
  summary?: string;
  description?: string;
  responses?: Record<string, { description?: string }>;
};

/** A reference page rendered on the server from the OpenAPI document: works offline, no CDN script. */
export function renderReference(doc: {
  info: { title: string; version: string; description?: string | undefined };
  paths?: object | undefined;
}): string {
  const ops = Object.entries(doc.paths ?? {}).flatMap(
    ([path, methods]: [string, Record<string, Operation>]) =>
      Object.entries(methods).map(([method, op]) => {
        const responses = Object.entries(op.responses ?? {})
          .map(([code, r]) => `<li><code>${escapeHtml(code)}</code> ${escapeHtml(r.description ?? '')}</li>`)
          .join('');
        return `<section><h2><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h2><p>${escapeHtml(op.summary ?? '')}</p>
        <p>${escapeHtml(op.description ?? '')}</p><h3>Responses</h3><ul>${responses}</ul></section>`;
      }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.info.title)} reference</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .2em}section{border-top:1px solid #ddd}</style></head>
<body><h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1><p>${escapeHtml(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI 3.1). Authenticate with <code>Authorization: Bearer &lt;api key&gt;</code>.
Errors are <code>{ "error": { "code", "message", "requestId" } }</code>.</p>${ops.join('')}</body></html>`;
}

export const OPENAPI_INFO = {
  title: 'Pregón REST API',
  version: '1.0.0',
  description: 'Send SMS to citizens and follow each message to its final state.',
};

/** /v1/openapi.json and /docs. */
export function registerDocs(app: OpenAPIHono<GatewayEnvBindings>): void {
  const config = { openapi: '3.1.0', info: OPENAPI_INFO, servers: [{ url: '/' }] };
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An agency API key',
  });
  app.doc31('/v1/openapi.json', config);
  app.get('/docs', (c) => c.html(renderReference(app.getOpenAPI31Document(config))));
}
