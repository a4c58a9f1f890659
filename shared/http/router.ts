/**
 * A tiny method + path router. Patterns are literal segments and `{name}` parameters, the same notation the
 * OpenAPI document uses, so a test can check that the two list the same operations.
 */
import type { HttpRequest, HttpResponse } from './http-message.js';

/** The `{name}` parameters of a route pattern: `'/v1/users/{userId}'` gives `'userId'`. */
type ParamNames<Pattern extends string> = Pattern extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ParamNames<Rest>
  : never;

/**
 * The decoded path parameters of a route pattern, by name: `'/v1/users/{userId}'` gives `{ userId: string }`, so a
 * handler can read exactly the parameters its pattern declares.
 */
export type PathParams<Pattern extends string> = Readonly<Record<ParamNames<Pattern>, string>>;

/** A matched route's handler: receives the request and its decoded path parameters. */
export type RouteHandler<Pattern extends string = string> = (
  request: HttpRequest,
  params: PathParams<Pattern>,
) => Promise<HttpResponse>;

export interface Route {
  method: string;
  /** e.g. `/v1/enrollments/{enrollmentId}` */
  pattern: string;
  handler: RouteHandler;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allow: string[] }
  | { kind: 'not_found' };

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  /** Adds a route; later routes never shadow earlier ones with the same method and pattern. */
  add<Pattern extends string>(method: string, pattern: Pattern, handler: RouteHandler<Pattern>): this {
    const names: string[] = [];
    const source = pattern
      .split('/')
      .map((segment) => {
        const param = /^\{([A-Za-z][A-Za-z0-9]*)\}$/.exec(segment);
        if (!param) return escapeRegExp(segment);
        const [, name = ''] = param;
        names.push(name);
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({
      method: method.toUpperCase(),
      pattern,
      // The regex captures exactly the pattern's names, so a match always supplies the params this handler reads.
      handler,
      regex: new RegExp(`^${source}$`),
      names,
    });
    return this;
  }

  /** The methods of all routes, each once, in registration order. */
  methods(): string[] {
    return [...new Set(this.routes.map((route) => route.method))];
  }

  /** Every registered route, in registration order. */
  list(): readonly Route[] {
    return this.routes;
  }

  /**
   * Finds the route for a request. A path that matches with another method is 405 (with the methods it does
   * allow); a path that matches nothing, or whose parameters are not valid percent-encoding, is 404.
   */
  match(method: string, path: string): RouteMatch {
    const allow = new Set<string>();
    for (const route of this.routes) {
      const found = route.regex.exec(path);
      if (!found) continue;
      if (route.method !== method.toUpperCase()) {
        allow.add(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      try {
        for (const [i, name] of route.names.entries()) params[name] = decodeURIComponent(found[i + 1] ?? '');
      } catch {
        return { kind: 'not_found' };
      }
      return { kind: 'found', route, params };
    }
    return allow.size > 0 ? { kind: 'method_not_allowed', allow: [...allow] } : { kind: 'not_found' };
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
