/**
 * The OpenAPI 3.1 document, built from the same JSON Schemas the core validates with and from the one
 * table of endpoints the app mounts (apiEndpoints), so no route is left out of it.
 */
import { jianchaVersion as VERSION } from '../core/projectRoot.ts';
import { loadSchema } from '../core/schema.ts';
import { openApiPaths, type Endpoint } from './endpoint.ts';
import { campaignEndpoints } from './routes/campaigns.ts';
import { lifecycleEndpoints } from './routes/lifecycle.ts';
import { pluginEndpoints } from './routes/plugins.ts';
import { ruleEndpoints } from './routes/rules.ts';
import { sessionEndpoints } from './routes/session.ts';
import { uploadEndpoints } from './routes/uploads.ts';
import { accountEndpoints } from './routes/accounts.ts';

/** The API's own description, as JSON and as a readable page. */
const documentationEndpoints: Endpoint[] = [
  { method: 'get', path: '/openapi.json', summary: 'This OpenAPI 3.1 document', public: true, run: () => openApiDocument(VERSION) },
  { method: 'get', path: '/docs', summary: 'The API as a readable page', public: true, run: ({ c }) => c.html(apiPage(openApiDocument(VERSION))) },
];

/** Every endpoint under /api, in the order they are mounted. */
export const apiEndpoints: Endpoint[] = [
  ...sessionEndpoints,
  ...pluginEndpoints,
  ...campaignEndpoints,
  ...lifecycleEndpoints,
  ...uploadEndpoints,
  ...accountEndpoints,
  ...ruleEndpoints,
  ...documentationEndpoints,
];

export function openApiDocument(version: string) {
  const facts = loadSchema('facts.schema.json');
  const results = loadSchema('results.schema.json') as { $defs: Record<string, unknown> };
  const error = {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message', 'details'],
        properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'array' } },
      },
    },
  };
  const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  // results.schema.json's $defs become components; their $refs follow them there
  const component = (name: string) => (name === 'reason' || name === 'reasons' ? name : `${name}Result`);
  const resultComponents = JSON.parse(
    JSON.stringify(Object.fromEntries(Object.entries(results.$defs).map(([k, v]) => [component(k), v]))).replace(
      /"#\/\$defs\/(\w+)"/g,
      (_m, name: string) => `"#/components/schemas/${component(name)}"`,
    ),
  );
  const { $schema: _s, $id: _i, ...factsSchema } = facts;
  return {
    openapi: '3.1.0',
    info: { title: 'jiancha 监察 API', version, description: '劳动保障监察书面审查与企业劳动保障守法诚信等级评价' },
    paths: {
      ...openApiPaths(apiEndpoints, errorResponse),
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: error,
        Facts: factsSchema,
        ...resultComponents,
      },
    },
  };
}

/** A readable list of the API, from the OpenAPI document itself. */
function apiPage(doc: ReturnType<typeof openApiDocument>): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
  const rows = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops as Record<string, { summary: string }>).map(
      ([method, op]) => `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${esc(path)}</code></td><td>${esc(op.summary)}</td></tr>`,
    ),
  );
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>接口文档 · 监察</title><link rel="stylesheet" href="/assets/console.css"></head><body><main><h1>${esc(doc.info.title)} ${esc(doc.info.version)}</h1><p>JSON 接口；错误一律为 <code>{ error: { code, message, details } }</code>。完整定义见 <a href="/api/openapi.json">/api/openapi.json</a>。</p><table><thead><tr><th>方法</th><th>路径</th><th>说明</th></tr></thead><tbody>${rows.join('')}</tbody></table></main></body></html>`;
}
