import { join } from 'node:path';

/**
 * The PKI folder of an `opcua` source: its `pkiDir`, else `<stateDir>/pki/opcua` — one folder
 * shared by every opcua source that keeps the default, so a server certificate accepted once
 * (`rongtong-agent trust accept`) is trusted by all of them, and they present one client
 * certificate. The agent (`create`) and `rongtong-agent trust` both find it here.
 */
export function opcuaPkiDir(source: { readonly pkiDir?: string | undefined }, stateDir: string): string {
  return source.pkiDir ?? defaultOpcuaPkiDir(stateDir);
}

/** `<stateDir>/pki/opcua`: the PKI folder of opcua sources without a `pkiDir`. */
export function defaultOpcuaPkiDir(stateDir: string): string {
  return join(stateDir, 'pki', 'opcua');
}
