/** The OpenAPI 3.1 document, built from the same JSON Schemas the core validates with. */
import { loadSchema } from '../core/schema.ts';
import { DOCUMENTS } from '../core/render/documents.ts';
import { DECISIONS } from '../core/types.ts';
import { openApiPaths } from './endpoint.ts';
import { lifecycleEndpoints } from './routes/lifecycle.ts';
import { ruleEndpoints } from './routes/rules.ts';

export function openApiDocument(version: string) {
  const facts = loadSchema('facts.schema.json');
  const results = loadSchema('results.schema.json') as { $defs: Record<string, unknown> };
  const error = {
    type: 'object',
    required: ['error'],
    properties: { error: { type: 'object', required: ['code', 'message', 'details'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'array' } } } },
  };
  const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  const decisionPaths = Object.fromEntries(
    DECISIONS.map((d) => [
      `/api/plugins/{plugin}/decisions/${d}`,
      {
        post: {
          summary: `Decide ${d} for one set of facts, with its trace`,
          parameters: [
            { name: 'plugin', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'at', in: 'query', schema: { type: 'string', format: 'date' }, description: 'reference date (YYYY-MM-DD)' },
            { name: 'explain', in: 'query', schema: { type: 'boolean', default: true } },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Facts' } } } },
          responses: {
            200: {
              description: 'the decision',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['plugin', 'pluginVersion', 'decision', 'at', 'rulesetHash', 'result'],
                    properties: { plugin: { type: 'string' }, pluginVersion: { type: 'string' }, decision: { const: d }, at: { type: 'string' }, rulesetHash: { type: 'string' }, result: { $ref: `#/components/schemas/${d}Result` }, trace: { type: 'object' } },
                  },
                },
              },
            },
            400: errorResponse('the body is not JSON'),
            404: errorResponse('unknown plugin or decision, or no ruleset in force'),
            422: errorResponse('facts break the schema or miss a fact the rules need'),
          },
        },
      },
    ]),
  );
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
      '/api/plugins': { get: { summary: 'Plugins, their decisions and bureaus', responses: { 200: { description: 'the plugins' } } } },
      '/api/plugins/{plugin}/rulesets/{decision}': {
        get: {
          summary: 'The effective rules of a decision on a date',
          parameters: [
            { name: 'plugin', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'decision', in: 'path', required: true, schema: { enum: [...DECISIONS] } },
            { name: 'at', in: 'query', schema: { type: 'string', format: 'date' } },
          ],
          responses: { 200: { description: 'rules with their basis' }, 404: errorResponse('unknown plugin or decision') },
        },
      },
      ...decisionPaths,
      '/api/login': { post: { summary: 'Log in; returns a bearer token and sets the console cookie', responses: { 200: { description: 'token' }, 401: errorResponse('wrong username or password') } } },
      '/api/logout': { post: { summary: 'End the session', responses: { 200: { description: 'logged out' } } } },
      '/api/me': { get: { summary: 'Who is logged in', security: [{ bearer: [] }], responses: { 200: { description: 'the actor' }, 401: errorResponse('not logged in') } } },
      '/api/campaigns/{id}/documents/{name}': {
        get: {
          summary: `A campaign's document (${DOCUMENTS.join(', ')}): HTML to print, or ?format=docx; ?employer=CODE for an employer's`,
          security: [{ bearer: [] }],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
            { name: 'name', in: 'path', required: true, schema: { enum: [...DOCUMENTS] } },
            { name: 'employer', in: 'query', schema: { type: 'string' } },
            { name: 'format', in: 'query', schema: { enum: ['html', 'docx'] } },
          ],
          responses: { 200: { description: 'the document' }, 404: errorResponse('no such document, campaign or employer in your jurisdiction'), 409: errorResponse('the records the form needs do not exist yet') },
        },
      },
      ...openApiPaths([...lifecycleEndpoints, ...ruleEndpoints], errorResponse),
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
