import type { UnaryMethod } from './unary.js';

/** The unary method a generated grpc-js method definition stands for. */
export type UnaryMethodOf<Definition> = Definition extends {
  readonly requestSerialize: (value: infer Request) => Buffer;
  readonly responseDeserialize: (bytes: Buffer) => infer Response;
}
  ? UnaryMethod<Request, Response>
  : never;

/**
 * A service's RPCs as promise-returning methods, named in lowerCamelCase
 * (`ListTenants` → `listTenants`), typed from the generated service definition:
 * requests are the generated input types, responses the `__Output` types.
 */
export type UnaryApi<ServiceDefinition> = {
  readonly [Name in keyof ServiceDefinition as Name extends string
    ? string extends Name
      ? never
      : Uncapitalize<Name>
    : never]: UnaryMethodOf<ServiceDefinition[Name]>;
};
