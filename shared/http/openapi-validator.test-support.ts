/**
 * Checks response bodies against the generated OpenAPI document with Ajv (JSON Schema 2020-12, the dialect of
 * OpenAPI 3.1). Objects are closed first: the document leaves `additionalProperties` open, as OpenAPI does, but the
 * server parses every body through its schema, so a member the document does not name is a leak and fails here.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from './openapi.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A copy of `value` in which every object schema with properties and no `additionalProperties` is closed. */
function closed(value: Json): Json {
  if (Array.isArray(value)) return value.map(closed);
  if (value === null || typeof value !== 'object') return value;
  const copy = Object.fromEntries(Object.entries(value).map(([key, member]) => [key, closed(member)]));
  const isObjectSchema = copy.properties !== undefined && typeof copy.properties === 'object';
  if (isObjectSchema && !('additionalProperties' in copy)) copy.additionalProperties = false;
  return copy;
}

const pointer = (...segments: string[]) => segments.map((s) => s.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export interface ResponseValidator {
  /** The operations the document lists, as `METHOD /pattern`. */
  operations(): string[];
  /**
   * Problems of a response against the document: an undocumented operation or status, a body where none is
   * documented (or the reverse), or Ajv's errors. Empty when it conforms.
   */
  problems(method: string, pattern: string, status: number, body: unknown): string[];
}

export function responseValidator(document: OpenApiDocument): ResponseValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(closed(JSON.parse(JSON.stringify(document)) as Json) as object, 'openapi');
  const compiled = new Map<string, ValidateFunction>();
  const paths = document.paths ?? {};

  return {
    operations: () =>
      Object.entries(paths).flatMap(([path, item]) =>
        Object.keys(item)
          .filter((key) => ['get', 'put', 'post', 'delete', 'patch'].includes(key))
          .map((method) => `${method.toUpperCase()} ${path}`),
      ),
    problems(method, pattern, status, body) {
      const name = `${method} ${pattern} ${status}`;
      const operation = paths[pattern]?.[method.toLowerCase() as 'get'];
      if (!operation) return [`${method} ${pattern} is not in the document`];
      const response = operation.responses?.[String(status)] as { content?: Record<string, unknown> } | undefined;
      if (!response) return [`${name} is not documented`];
      const documented = response.content?.['application/json'] !== undefined;
      if (!documented) return body === undefined ? [] : [`${name} has a body the document does not describe`];
      if (body === undefined) return [`${name} has no body`];
      let validate = compiled.get(name);
      if (!validate) {
        const at = pointer('paths', pattern, method.toLowerCase(), 'responses', String(status), 'content');
        validate = ajv.compile({ $ref: `openapi#/${at}/application~1json/schema` });
        compiled.set(name, validate);
      }
      if (validate(body)) return [];
      return (validate.errors ?? []).map(
        (e) => `${name}: ${e.instancePath || '$'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
      );
    },
  };
}
