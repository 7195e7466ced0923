import { deltaSeconds } from './cache-control.ts';
import type { CacheStore} from './cache-store.ts';
import { type StoredResponse, varyNames, varyValuesOf } from './cache-store.ts';
import { directivesOf, mayStore, safeMethods } from './cache-policy.ts';
import type { ProxyFault } from './faults.ts';
import { connectionSpecificNames, forwardedFields } from './forwarding.ts';
import { currentAge, freshnessLifetime } from './freshness.ts';
import { type Fields, fieldValue, withoutFields } from './header-fields.ts';
import { type ProxyResponse, errorResponse } from './response-writer.ts';
import { type UpstreamResponse, UpstreamError, fetchUpstream } from './upstream-fetch.ts';

/**
 * One request through the cache: route it (absolute-form goes where its URI says, origin-form
 * to the configured origin), answer GET and HEAD from the store when a stored response may be
 * reused, revalidate a stale one conditionally, write everything else through and invalidate
 * what an unsafe method changed.
 */

/** A client's request as the cache sees it. */
export interface ClientRequest {
  method: string;
  target: string;
  fields: Fields;
  body: Buffer;
}

export interface Upstream {
  host: string;
  port: number;
}

interface Route extends Upstream {
  /** The request-target to send upstream (origin-form). */
  path: string;
  /** The cache key: the target URI. */
  key: string;
  absolute: boolean;
}

/** Fields of a 304 that never replace the stored ones (RFC 9111 §3.2). */
const keptOnUpdate = ['content-length'];

export class CacheHandler {
  constructor(
    private readonly origin: Upstream,
    private readonly store: CacheStore,
    private readonly fault?: ProxyFault,
  ) {}

  async handle(request: ClientRequest): Promise<ProxyResponse> {
    const route = this.route(request);
    if (!route) return errorResponse(400, 'Bad Request');
    try {
      if (request.method === 'GET' || request.method === 'HEAD') return await this.handleRead(request, route);
      return await this.writeThrough(request, route);
    } catch (error) {
      if (error instanceof UpstreamError) return errorResponse(error.status, error.status === 504 ? 'Gateway Timeout' : 'Bad Gateway');
      throw error;
    }
  }

  private route(request: ClientRequest): Route | undefined {
    const absolute = /^http:\/\/([^/?#]+)([^#]*)$/i.exec(request.target);
    if (!absolute) {
      if (!request.target.startsWith('/')) return undefined;
      return { ...this.origin, path: request.target, key: `origin${request.target}`, absolute: false };
    }
    const authority = (absolute[1] as string).toLowerCase();
    const hostPort = /^([^:@]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/.exec(authority);
    if (!hostPort) return undefined;
    const path = absolute[2] || '/';
    const port = Number(hostPort[2] ?? '80');
    if (port < 1 || port > 65535) return undefined;
    return { host: (hostPort[1] as string).replace(/^\[|\]$/g, ''), port, path, key: `http://${authority}${path}`, absolute: true };
  }

  private async writeThrough(request: ClientRequest, route: Route): Promise<ProxyResponse> {
    if (this.fault === 'answers-unsafe-from-cache') {
      const stored = this.store.lookup(route.key, request.fields).at(-1);
      if (stored) return this.fromStore(stored, request, Date.now());
    }
    const response = await this.forward(request, route, request.fields);
    // §4.4: a non-error answer to an unsafe method invalidates what the cache holds for the URI.
    if (!safeMethods.has(request.method) && response.status < 400 && this.fault !== 'keeps-after-unsafe-method') {
      this.store.drop(route.key);
      for (const name of this.fault === 'keeps-location-after-unsafe' ? [] : ['location', 'content-location']) {
        const related = fieldValue(response.fields, name);
        if (related?.startsWith('/')) this.store.drop(route.absolute ? new URL(related, route.key).href : `origin${related}`);
      }
    }
    return this.relay(response);
  }

  private async handleRead(request: ClientRequest, route: Route): Promise<ProxyResponse> {
    const requested = directivesOf(request.fields);
    const candidates = this.store.lookup(route.key, request.fields, this.fault === 'ignores-vary' || this.fault === 'stores-vary-star');
    const stored = this.fault === 'no-vary-reuse' && candidates.some((c) => c.varyValues.size > 0) ? undefined : candidates.at(-1);
    const now = Date.now();
    if (!stored) return this.fetchAndStore(request, route, request.fields);
    if (this.reusable(stored, requested, now)) return this.fromStore(stored, request, now);
    const validators = this.validators(stored);
    if (validators.length === 0 || this.fault === 'unconditional-revalidation') return this.fetchAndStore(request, route, request.fields);
    const conditional = [...withoutFields(request.fields, ['if-none-match', 'if-modified-since']), ...validators];
    let answer: UpstreamResponse;
    const sent = Date.now();
    try {
      answer = await this.forward(request, route, conditional);
    } catch (error) {
      if (this.fault === 'serves-stale-on-error') return this.fromStore(stored, request, Date.now());
      throw error;
    }
    if (answer.status !== 304) return this.keep(request, route, answer, sent);
    const freshened = this.freshen(stored, answer, sent);
    this.store.replace(route.key, stored, freshened);
    return this.fromStore(freshened, request, Date.now());
  }

  /** §4: fresh, allowed by the request's and the response's directives, and no validation asked for. */
  private reusable(stored: StoredResponse, requested: Map<string, string | undefined>, now: number): boolean {
    const directives = directivesOf(stored.fields);
    if (directives.has('no-cache') && this.fault !== 'no-cache-served-unvalidated') return false;
    if (requested.has('no-cache') && this.fault !== 'ignores-request-no-cache') return false;
    const age = currentAge(stored.fields, stored, now);
    const lifetime = freshnessLifetime(stored.status, stored.fields, directives, this.fault);
    const maxAge = deltaSeconds(requested, 'max-age');
    if (maxAge !== undefined && age > maxAge) return false;
    const minFresh = deltaSeconds(requested, 'min-fresh') ?? 0;
    return lifetime - minFresh > age;
  }

  private validators(stored: StoredResponse): Fields {
    const fields: Fields = [];
    const etag = fieldValue(stored.fields, 'etag');
    const lastModified = fieldValue(stored.fields, 'last-modified');
    if (etag !== undefined) fields.push(['If-None-Match', etag]);
    if (lastModified !== undefined) fields.push(['If-Modified-Since', lastModified]);
    return fields;
  }

  /** §3.2 and §4.3.4: the 304's fields replace the stored ones; the body and its length stay. */
  private freshen(stored: StoredResponse, notModified: UpstreamResponse, sent: number): StoredResponse {
    if (this.fault === 'forgets-304-fields') return stored;
    const update = withoutFields(notModified.fields, [...connectionSpecificNames(notModified.fields), ...keptOnUpdate]);
    const replaced = new Set(update.map(([n]) => n.toLowerCase()));
    const fields = [...stored.fields.filter(([n]) => !replaced.has(n.toLowerCase())), ...update];
    return { ...stored, fields, requestTime: sent, responseTime: Date.now() };
  }

  private async fetchAndStore(request: ClientRequest, route: Route, fields: Fields): Promise<ProxyResponse> {
    const sent = Date.now();
    const response = await this.forward(request, route, fields);
    return this.keep(request, route, response, sent);
  }

  private keep(request: ClientRequest, route: Route, response: UpstreamResponse, sent: number): ProxyResponse {
    if (request.method === 'GET' && mayStore(request.fields, response.status, response.fields, this.fault)) {
      const names = varyNames(response.fields);
      const stored = withoutFields(response.fields, this.fault === 'forwards-hop-by-hop' ? [] : connectionSpecificNames(response.fields));
      this.store.put(route.key, { ...response, fields: stored, requestTime: sent, responseTime: Date.now(), varyValues: varyValuesOf(names, request.fields) });
    }
    return this.relay(response);
  }

  private forward(request: ClientRequest, route: Route, fields: Fields): Promise<UpstreamResponse> {
    let sent = forwardedFields(fields, this.fault);
    if (route.absolute) sent = [['Host', route.port === 80 ? route.host : `${route.host}:${route.port}`], ...withoutFields(sent, ['host'])];
    const target = this.fault === 'forwards-absolute-target' ? request.target : route.path;
    return fetchUpstream({ host: route.host, port: route.port, method: request.method, target, fields: sent, body: request.body });
  }

  private relay(response: UpstreamResponse): ProxyResponse {
    return { ...response, fields: forwardedFields(response.fields, this.fault) };
  }

  /** A stored response sent as it is, with its current Age (§4, §5.1). */
  private fromStore(stored: StoredResponse, request: ClientRequest, now: number): ProxyResponse {
    const age = Math.floor(currentAge(this.fault === 'drops-upstream-age' ? withoutFields(stored.fields, ['age']) : stored.fields, stored, now, this.fault));
    const fields = forwardedFields(withoutFields(stored.fields, ['age']), this.fault);
    if (this.fault !== 'no-age-field') fields.push(['Age', String(age)]);
    const notModified = this.clientValidatorMatches(request, stored);
    if (notModified) return { status: 304, reason: 'Not Modified', fields: withoutFields(fields, ['content-type', 'content-encoding']), body: Buffer.alloc(0) };
    return { status: stored.status, reason: stored.reason, fields, body: stored.body };
  }

  /** §4.3.2: a stored 200 answers the client's own If-None-Match with 304 when a tag matches. */
  private clientValidatorMatches(request: ClientRequest, stored: StoredResponse): boolean {
    const condition = fieldValue(request.fields, 'if-none-match');
    const etag = fieldValue(stored.fields, 'etag');
    if (condition === undefined || etag === undefined || stored.status !== 200 || this.fault === 'ignores-client-validators') return false;
    if (this.fault === 'answers-304-to-any-condition') return true;
    const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
    return condition.trim() === '*' || condition.split(',').some((tag) => opaque(tag) === opaque(etag));
  }
}
