/**
 * The subset of OpenAPI 3.1 types the API document uses; typing the document catches a misspelt keyword
 * (`require` for `required`) at compile time.
 */

export interface ReferenceObject {
  $ref: string;
}

type SchemaType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

export interface SchemaObject {
  /** A list is a union (3.1 style), used for nullable fields: `['number', 'null']`. */
  type?: SchemaType | readonly SchemaType[];
  description?: string;
  properties?: Record<string, SchemaObject | ReferenceObject>;
  required?: readonly string[];
  additionalProperties?: boolean | SchemaObject | ReferenceObject;
  items?: SchemaObject | ReferenceObject;
  enum?: readonly (string | number)[];
  const?: string | number;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  contentMediaType?: string;
  contentEncoding?: string;
  writeOnly?: boolean;
  examples?: readonly unknown[];
}

export interface MediaTypeObject {
  schema: SchemaObject | ReferenceObject;
  encoding?: Record<string, { contentType: string }>;
}

export interface HeaderObject {
  description: string;
  schema: SchemaObject;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject>;
  content?: Record<string, MediaTypeObject>;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  schema: SchemaObject;
}

export interface OperationObject {
  operationId: string;
  summary: string;
  description?: string;
  tags?: readonly string[];
  /** `[]` = no authentication. */
  security?: readonly Record<string, readonly string[]>[];
  parameters?: readonly ParameterObject[];
  requestBody?: { required: boolean; content: Record<string, MediaTypeObject> };
  responses: Record<string, ResponseObject | ReferenceObject>;
}

export type HttpMethodName = 'get' | 'post' | 'put' | 'delete' | 'patch' | 'options' | 'head';

export type PathItemObject = Partial<Record<HttpMethodName, OperationObject>>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string };
  servers?: readonly { url: string }[];
  security: readonly Record<string, readonly string[]>[];
  paths: Record<string, PathItemObject>;
  components: {
    schemas: Record<string, SchemaObject>;
    responses: Record<string, ResponseObject>;
    securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; description?: string }>;
  };
}
