import type {
  BindToFluentSyntax, GetAllOptions, GetOptions, IsBoundOptions, OptionalGetOptions, ServiceIdentifier,
} from 'inversify';

declare const serviceType: unique symbol;

/**
 * An Inversify service identifier that carries the type of its service. At run time it is a plain
 * `Symbol.for` symbol (so duplicated copies of a package share it); in types it is a token of `T`:
 * `container.get(CORE_TOKENS.EventBus)` is an EventBus without a type argument, and
 * `container.get<BrokerFactory>(CORE_TOKENS.EventBus)` does not compile.
 *
 * Why not Inversify's `ServiceIdentifier<T>`: it is a union with `symbol` and `Function`, so any symbol
 * (branded or not) is an identifier of every type, and asking for the wrong one always compiles. A
 * token is deliberately not a `symbol` in types; this module adds overloads taking tokens to
 * Inversify's `Container` and `ResolutionContext`. Where Inversify takes only its own identifiers (a
 * ContainerModule's `bind`, `isBound`, `rebind`...), pass `serviceIdentifier(token)`.
 */
export interface ServiceToken<T> {
  /** Type only (never present at run time): the service this token resolves to. */
  readonly [serviceType]: T;
}

/** A token for `Symbol.for(key)` resolving to `T`. */
export function serviceToken<T>(key: string): ServiceToken<T> {
  return Symbol.for(key) as unknown as ServiceToken<T>;
}

/** The token as Inversify's own identifier (the same symbol), for APIs that take only that. */
export function serviceIdentifier<T>(token: ServiceToken<T>): ServiceIdentifier<T> {
  return token as unknown as ServiceIdentifier<T>;
}

declare module 'inversify' {
  // Overloads that take tokens; the ones taking Inversify's identifiers stay as they are.
  interface Container {
    bind<T>(token: ServiceToken<T>): BindToFluentSyntax<T>;
    get<T>(token: ServiceToken<T>, options: OptionalGetOptions): T | undefined;
    get<T>(token: ServiceToken<T>, options?: GetOptions): T;
    getAsync<T>(token: ServiceToken<T>, options: OptionalGetOptions): Promise<T | undefined>;
    getAsync<T>(token: ServiceToken<T>, options?: GetOptions): Promise<T>;
    getAll<T>(token: ServiceToken<T>, options?: GetAllOptions): T[];
    getAllAsync<T>(token: ServiceToken<T>, options?: GetAllOptions): Promise<T[]>;
    isBound(token: ServiceToken<unknown>, options?: IsBoundOptions): boolean;
    isCurrentBound(token: ServiceToken<unknown>, options?: IsBoundOptions): boolean;
    rebind<T>(token: ServiceToken<T>): Promise<BindToFluentSyntax<T>>;
    rebindSync<T>(token: ServiceToken<T>): BindToFluentSyntax<T>;
    unbind(token: ServiceToken<unknown>): Promise<void>;
    unbindSync(token: ServiceToken<unknown>): void;
  }

  interface ResolutionContext {
    get<T>(token: ServiceToken<T>, options: OptionalGetOptions): T | undefined;
    get<T>(token: ServiceToken<T>, options?: GetOptions): T;
    getAsync<T>(token: ServiceToken<T>, options: OptionalGetOptions): Promise<T | undefined>;
    getAsync<T>(token: ServiceToken<T>, options?: GetOptions): Promise<T>;
    getAll<T>(token: ServiceToken<T>, options?: GetAllOptions): T[];
    getAllAsync<T>(token: ServiceToken<T>, options?: GetAllOptions): Promise<T[]>;
  }
}
