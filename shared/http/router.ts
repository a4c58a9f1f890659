/**
 * A tiny method + path router. Patterns are literal segments and `{name}` parameters, the same notation the
 * OpenAPI document uses, so a test can check that the two list the same operations.
 */
import type { HttpRequest, HttpResponse } from './http-message.js';

/** A matched route's handler: receives the request and its decoded path parameters. */
export type RouteHandler = (request: HttpRequest, params: Readonly<Record<string, string>>) => Promise<HttpResponse>;

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
  add(method: string, pattern: string, handler: RouteHandler): this {
    const names: string[] = [];
    const source = pattern
      .split('/')
      .map((segment) => {
        const param = /^\{([A-Za-z][A-Za-z0-9]*)\}$/.exec(segment);
        if (!param) return escapeRegExp(segment);
        names.push(param[1]);
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({ method: method.toUpperCase(), pattern, handler, regex: new RegExp(`^${source}$`), names });
    return this;
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
        route.names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1])));
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
